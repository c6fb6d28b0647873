import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActorType, chainHashOfText, GENESIS } from './audit-chain';

export interface VerifyResult {
  /** Entries whose hash was recomputed. */
  checked: number;
  /** Entries written but not chained yet (chained within seconds by a running server). */
  unchained: number;
  ok: boolean;
  /** The first entry that does not match, and how. */
  firstBroken?: { seq: number; problem: string };
  durationMs: number;
}

const PAGE = 20_000;

/**
 * Recomputes the chain from the first entry (`npm run cli -- audit:verify`). Reads pages in
 * sequence order with PostgreSQL's raw rows (no per-row objects) and stops at the first entry
 * whose sequence or hash does not match: an edited entry breaks its own hash, a deleted one
 * leaves a gap at the next, and an edited hash breaks the entry after it.
 */
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async verify(): Promise<VerifyResult> {
    const started = process.hrtime.bigint();
    const runner = this.db.createQueryRunner();
    // The pg client itself: raw array rows, without TypeORM's per-row objects.
    const client = (await runner.connect()) as { query(q: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][] }> };
    // Text columns only: the time already in the chain's ISO form and the stored hash in hex,
    // so no row needs a Date or a Buffer parsed. The stored prev_hash is not read: each hash is
    // recomputed from the previous entry's recomputed hash, which is what the link promises.
    const page = (from: number) =>
      client.query({
        text: `SELECT seq::text AS seq_text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), actor_type, actor_id::text, action, case_id::text, detail, encode(hash, 'hex')
                 FROM audit_log WHERE seq >= $1 ORDER BY audit_log.seq LIMIT $2`,
        values: [from, PAGE],
        rowMode: 'array',
      });
    try {
      let prev: Buffer = GENESIS;
      let expected = 1;
      let checked = 0;
      let next = page(1);
      for (;;) {
        const { rows } = await next;
        // The next page is read while this one is hashed.
        if (rows.length === PAGE) next = page(expected + rows.length);
        for (const row of rows) {
          const [seqText, at, actorType, actorId, action, caseId, detail, hashHex] = row as [string, string, ActorType, string | null, string, string | null, string, string];
          const seq = Number(seqText);
          if (seq !== expected) return this.result(started, checked, { seq, problem: `entry ${expected} is missing (the next one is ${seq})` });
          const hash = chainHashOfText(prev, seq, at, actorType, actorId, action, caseId, detail);
          if (hash.toString('hex') !== hashHex) return this.result(started, checked, { seq, problem: 'its content does not match its hash (the entry was changed)' });
          prev = hash;
          expected++;
          checked++;
        }
        if (rows.length < PAGE) break;
      }
      return this.result(started, checked);
    } finally {
      await runner.release();
    }
  }

  private async result(started: bigint, checked: number, firstBroken?: { seq: number; problem: string }): Promise<VerifyResult> {
    const [{ n }]: { n: string }[] = await this.db.query(`SELECT count(*) AS n FROM audit_log WHERE seq IS NULL`);
    return { checked, unchained: Number(n), ok: !firstBroken, ...(firstBroken ? { firstBroken } : {}), durationMs: Number(process.hrtime.bigint() - started) / 1e6 };
  }
}
