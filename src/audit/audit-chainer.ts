import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleInit, OnModuleDestroy, Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { describeFailure } from '../platform/events/retry-policy';
import { inTransaction, withClusterLock } from '../platform/jobs/cluster-lock';
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
 * Woken after a transaction that wrote entries commits, and by a poll.
 */
@Injectable()
export class AuditChainer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy, EntitySubscriberInterface {
  private readonly log = new Logger('Audit');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JOBS_ENABLED) private readonly enabled: boolean,
  ) {}

  onModuleInit(): void {
    (this.db.subscribers as EntitySubscriberInterface[]).push(this);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // A batch in progress finishes; what is left is chained by another instance or the next start.
    await this.running?.catch(() => undefined);
  }

  onModuleDestroy(): void {
    const list = this.db.subscribers as EntitySubscriberInterface[];
    const i = list.indexOf(this);
    if (i >= 0) list.splice(i, 1);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    if (!data[AUDIT_WRITTEN]) return;
    delete data[AUDIT_WRITTEN];
    if (this.enabled) this.wake();
  }

  afterTransactionRollback(event: { queryRunner: { data: unknown } }): void {
    delete (event.queryRunner.data as Record<string, unknown>)[AUDIT_WRITTEN];
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.chainPending()
      .catch((e: unknown) => this.log.warn(`chaining failed: ${describeFailure(e)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Chains every committed, unchained entry; returns how many (0 when another process holds the lock). */
  async chainPending(): Promise<number> {
    const locked = await withClusterLock(this.db, 'audit-chain', async (runner) => {
      let total = 0;
      for (;;) {
        if (this.stopped) return total;
        const n = await inTransaction(runner, async () => {
          const [last]: { seq: string; hash: Buffer }[] = await runner.query(`SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`);
          const rows: Unchained[] = await runner.query(
            `SELECT id, at, actor_type, actor_id, action, case_id, detail FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT $1 FOR UPDATE`,
            [BATCH],
          );
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
