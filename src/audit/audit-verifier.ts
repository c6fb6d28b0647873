import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActorType, chainHash, GENESIS } from './audit-chain';

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
 * whose sequence, link or hash does not match: an edited entry breaks its own hash, a deleted
 * one leaves a gap at the next.
 */
@Injectable()
export class AuditVerifier {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async verify(): Promise<VerifyResult> {
    const started = process.hrtime.bigint();
    const runner = this.db.createQueryRunner();
    // The pg client itself: raw array rows, without TypeORM's per-row objects.
    const client = (await runner.connect()) as { query(q: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][] }> };
    try {
      let prev: Buffer = GENESIS;
      let expected = 1;
      let checked = 0;
      for (;;) {
        const { rows } = await client.query({
          text: `SELECT seq, at, actor_type, actor_id, action, case_id, detail, prev_hash, hash FROM audit_log
                  WHERE seq >= $1 ORDER BY seq LIMIT $2`,
          values: [expected, PAGE],
          rowMode: 'array',
        });
        for (const row of rows) {
          const [seqRaw, at, actorType, actorId, action, caseId, detail, prevHash, hash] = row as [string, Date, ActorType, string | null, string, string | null, string, Buffer, Buffer];
          const seq = Number(seqRaw);
          const broken = (problem: string) => this.result(started, checked, { seq, problem });
          if (seq !== expected) return broken(`entry ${expected} is missing (the next one is ${seq})`);
          if (!prevHash.equals(prev)) return broken('its link to the previous entry does not match that entry\'s hash');
          const recomputed = chainHash(prev, { seq, at, actorType, actorId, action, caseId, detail });
          if (!recomputed.equals(hash)) return broken('its content does not match its hash (the entry was changed)');
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
