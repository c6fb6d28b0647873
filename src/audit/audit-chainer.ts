import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { inTransaction, withClusterLock } from '../platform/jobs/cluster-lock';
import { BackgroundPacer } from '../platform/jobs/background-pacer';
import { BackgroundWork } from '../platform/jobs/background-work';
import { PolledWorker } from '../platform/jobs/polled-worker';
import { JOBS_ENABLED } from '../platform/platform.tokens';
import { AuditLogRepository } from './audit-log.repository';
import { AUDIT_WRITTEN } from './audit.service';

const BATCH = 5000;
const POLL_MS = 1000;

/**
 * Gives new audit entries their place in the hash chain, in batches, one process of the
 * cluster at a time (advisory lock), so the chain stays linear with any number of instances.
 * Woken after a transaction that wrote entries commits, and by a poll (PolledWorker). The links
 * are computed by PostgreSQL (AuditLogRepository.chainNext): a round costs the server one
 * statement, whatever the number of entries, and never holds up its requests.
 */
@Injectable()
export class AuditChainer extends PolledWorker {
  protected readonly log = new Logger('Audit');

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly auditLog: AuditLogRepository,
    @Inject(JOBS_ENABLED) enabled: boolean,
    pacer: BackgroundPacer,
    background: BackgroundWork,
  ) {
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
        const n = await inTransaction(runner, () => this.auditLog.chainNext(runner.manager, BATCH));
        total += n;
        if (n < BATCH) return total;
      }
    });
    return locked.ran ? locked.value : 0;
  }
}
