import { Injectable } from '@nestjs/common';
import { ActorType, chainHashOfText, GENESIS } from './audit-chain';
import { AuditLogRepository } from './audit-log.repository';

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
  constructor(private readonly auditLog: AuditLogRepository) {}

  async verify(): Promise<VerifyResult> {
    const started = process.hrtime.bigint();
    return this.auditLog.readChain(async (page) => {
      let prev: Buffer = GENESIS;
      let expected = 1;
      let checked = 0;
      let next = page(1, PAGE);
      for (;;) {
        const rows = await next;
        // The next page is read while this one is hashed.
        if (rows.length === PAGE) next = page(expected + rows.length, PAGE);
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
    });
  }

  private async result(started: bigint, checked: number, firstBroken?: { seq: number; problem: string }): Promise<VerifyResult> {
    const unchained = await this.auditLog.countUnchained();
    return { checked, unchained, ok: !firstBroken, ...(firstBroken ? { firstBroken } : {}), durationMs: Number(process.hrtime.bigint() - started) / 1e6 };
  }
}
