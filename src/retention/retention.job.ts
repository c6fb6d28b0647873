import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { CaseRetentionRepository, CaseStore } from '../cases';
import { ReporterTraces } from '../intake';
import { Clock } from '../platform/clock/clock';
import { EventPublisher } from '../platform/events';
import { describeFailure } from '../platform/events/retry-policy';
import { ClusterJob, ClusterJobRun } from '../platform/jobs/cluster-job';
import { inTransaction } from '../platform/jobs/cluster-lock';
import { RetentionExpiryApproaching } from './events/retention-events';

/** Supervisors hear of a coming purge this long before it. */
export const NOTICE_DAYS = 30;
const BATCH = 200;

export interface RetentionRun extends ClusterJobRun {
  at: string;
  noticed: number;
  purged: number;
  failed: number;
}

/**
 * The daily retention job (`RETENTION_CRON`, and `npm run cli -- retention:purge [--now ISO]`):
 *
 * 1. tells the supervisors of every case whose retention ends within NOTICE_DAYS, once per
 *    retention date (an extension makes a new one);
 * 2. purges every case whose retention has ended: crypto-shredding. Every sealed key of the case
 *    (supervisors', inspectors', custodians', the reporter's wrap) is deleted with the
 *    ciphertexts themselves (report, identity, title, summary, messages, notes, attachments,
 *    identity requests, encrypted reasons), the receipt stops finding the case, and the clear
 *    metadata stays for statistics. One transaction per case, with its audit entry; a case
 *    that fails is logged (no content) and tried again the next day.
 *
 * Once per cluster (advisory lock); both steps read through the partial index on retain_until.
 */
@Injectable()
export class RetentionJob extends ClusterJob<RetentionRun> {
  private readonly log = new Logger('Retention');

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cases: CaseRetentionRepository,
    private readonly store: CaseStore,
    private readonly reporterTraces: ReporterTraces,
  ) {
    super('retention', (config) => config.retentionCron, db);
  }

  /**
   * One run. `asOf` (the CLI's `--now`) is the job's reference time only: which retention
   * periods have ended or end within the notice period. The purge itself, its audit entry and
   * the events happen now, on the injected clock; the audit entry names the `asOf` it ran for.
   */
  async run(opts: { asOf?: Date } = {}): Promise<RetentionRun> {
    const now = opts.asOf ?? this.clock.now();
    const result: RetentionRun = { ran: false, at: now.toISOString(), noticed: 0, purged: 0, failed: 0 };
    await this.locked(result, async (runner) => {
      const m = runner.manager;
      for (;;) {
        const n = await inTransaction(runner, () => this.noticeBatch(m, now));
        result.noticed += n;
        if (n < BATCH) break;
      }
      for (const id of await this.cases.dueForPurge(m, now)) {
        try {
          await inTransaction(runner, () => this.purge(m, id, now, opts.asOf));
          result.purged++;
        } catch (e) {
          result.failed++;
          this.log.error(`purge of case ${id} failed: ${describeFailure(e)}`);
        }
      }
    });
    if (result.noticed || result.purged || result.failed) this.log.log(`retention: ${result.noticed} notices, ${result.purged} purged, ${result.failed} failed`);
    return result;
  }

  /** What a run as of `asOf` would do, read without writing anything (`retention:purge --dry-run`). */
  async preview(asOf: Date): Promise<{ notice: string[]; purge: string[] }> {
    const rows = await this.cases.preview(asOf, NOTICE_DAYS);
    return { notice: rows.filter((r) => !r.purge).map((r) => r.number), purge: rows.filter((r) => r.purge).map((r) => r.number) };
  }

  private async noticeBatch(m: EntityManager, now: Date): Promise<number> {
    const rows = await this.cases.markNoticed(m, now, NOTICE_DAYS, BATCH);
    await this.events.publishAll(
      m,
      rows.map((r) => new RetentionExpiryApproaching({ caseId: r.id, caseNumber: r.number, retainUntil: r.retainUntil.toISOString() })),
    );
    return rows.length;
  }

  /** Purges one case whose retention ended by `now` (the reference time); `asOf` when the run was given one. */
  private async purge(m: EntityManager, caseId: string, now: Date, asOf: Date | undefined): Promise<void> {
    const at = this.clock.now();
    const c = await this.cases.lockExpired(m, caseId, now);
    if (!c) return; // extended or purged meanwhile
    const { keysDestroyed, attachmentsDestroyed } = await this.store.shred(m, caseId, at);
    await this.reporterTraces.forgetCase(m, caseId);
    await m.query(`UPDATE retention_extensions SET reason = NULL WHERE case_id = $1`, [caseId]);
    await this.audit.record(m, {
      actor: { type: 'system' },
      action: 'case.purged',
      caseId,
      detail: {
        outcome: c.outcome,
        retainUntil: c.retainUntil.toISOString(),
        keysDestroyed,
        attachmentsDestroyed,
        ...(asOf ? { asOf: asOf.toISOString() } : {}),
      },
      at,
    });
  }
}
