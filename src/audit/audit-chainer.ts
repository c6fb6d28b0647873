import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { inTransaction, withClusterLock } from '../platform/jobs/cluster-lock';
import { BackgroundPacer } from '../platform/jobs/background-pacer';
import { BackgroundWork } from '../platform/jobs/background-work';
import { PolledWorker } from '../platform/jobs/polled-worker';
import { JOBS_ENABLED } from '../platform/platform.tokens';
import { ActorType, chainHash, GENESIS } from './audit-chain';
import { AUDIT_WRITTEN } from './audit.service';

const BATCH = 5000;
const POLL_MS = 1000;

interface Unchained {
  id: string;
  at: Date;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  case_id: string | null;
  detail: string;
}

/**
 * Gives new audit entries their place in the hash chain, in batches, one process of the
 * cluster at a time (advisory lock), so the chain stays linear with any number of instances.
 * Woken after a transaction that wrote entries commits, and by a poll (PolledWorker).
 */
@Injectable()
export class AuditChainer extends PolledWorker {
  protected readonly log = new Logger('Audit');

  constructor(@InjectDataSource() db: DataSource, @Inject(JOBS_ENABLED) enabled: boolean, pacer: BackgroundPacer, background: BackgroundWork) {
    super(db, enabled, AUDIT_WRITTEN, POLL_MS, pacer, background);
  }

  protected round(): Promise<number> {
    return this.chainPending();
  }

  /** Chains every committed, unchained entry; returns how many (0 when another process holds the lock). */
  async chainPending(): Promise<number> {
    const locked = await withClusterLock(this.db, 'audit-chain', async (runner) => {
      let total = 0;
      for (;;) {
        if (this.stopped) return total;
        const n = await inTransaction(runner, async () => {
          const [last]: { seq: string; hash: Buffer }[] = await runner.query(`SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`);
          const rows: Unchained[] = await runner.query(`SELECT id, at, actor_type, actor_id, action, case_id, detail FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT $1 FOR UPDATE`, [BATCH]);
          if (rows.length === 0) return 0;
          let seq = last ? Number(last.seq) : 0;
          let prev: Buffer = last ? last.hash : GENESIS;
          const seqs: number[] = [];
          const prevs: Buffer[] = [];
          const hashes: Buffer[] = [];
          for (const r of rows) {
            seq++;
            const hash = chainHash(prev, { seq, at: r.at, actorType: r.actor_type, actorId: r.actor_id, action: r.action, caseId: r.case_id, detail: r.detail });
            seqs.push(seq);
            prevs.push(prev);
            hashes.push(hash);
            prev = hash;
          }
          await runner.query(
            `UPDATE audit_log a SET seq = x.seq, prev_hash = x.prev_hash, hash = x.hash
               FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[]) AS x (id, seq, prev_hash, hash)
              WHERE a.id = x.id`,
            [rows.map((r) => r.id), seqs, prevs, hashes],
          );
          return rows.length;
        });
        total += n;
        if (n < BATCH) return total;
      }
    });
    return locked.ran ? locked.value : 0;
  }
}
