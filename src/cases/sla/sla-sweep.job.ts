import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { EventPublisher } from '../../platform/events';
import { describeFailure } from '../../platform/events/retry-policy';
import { ClusterJob, ClusterJobRun } from '../../platform/jobs/cluster-job';
import { inTransaction } from '../../platform/jobs/cluster-lock';
import { Observers } from '../../platform/jobs/observers';
import { SlaDeadlineBreached, SlaReminderDue } from './events/sla-events';
import type { DeadlineKind } from './sla-policy';
import { SlaService } from './sla.service';
import { CaseDeadlinesRepository } from './case-deadlines.repository';
import { startOfWorkingDayAfter, WorkingCalendar } from './working-days';
import { AppSettings } from '../../staff';

/** DESIGN.md §6: a breach is told again every this many working days while it lasts. */
export const ESCALATION_EVERY_WORKING_DAYS = 3;
/** Rows handled per transaction: bounded locks and memory however much fell due at once. */
export const SWEEP_BATCH_SIZE = 500;
/** Where the cluster keeps the last sweep's result (for /health), in staff's AppSettings. */
const LAST_SWEEP = 'sla.last_sweep';

// The statements live in the repository; bench/sla reads them from the compiled job.
export { SWEEP_SQL } from './case-deadlines.repository';

export interface SweepResult extends ClusterJobRun {
  at: string;
  reminders: number;
  breaches: number;
  escalations: number;
  durationMs: number;
  error?: string;
}

/** One notice a sweep would send (`sla:sweep --dry-run`). */
export interface SweepPreviewItem {
  notice: 'breach' | 'reminder' | 'repeat';
  caseNumber: string;
  kind: DeadlineKind;
  dueAt: Date;
}

/**
 * The SLA sweep (DESIGN.md §6), every minute by default (`SLA_SWEEP_CRON`) and on demand with
 * `npm run cli -- sla:sweep [--now ISO]`:
 *
 * 1. breaches: deadlines past due, once per (case, kind, due date) (`sla.deadline-breached`,
 *    escalation 0), with a breach record;
 * 2. reminders: deadlines whose reminder time has come (`sla.reminder-due`);
 * 3. escalations: breaches still open when their next notice falls due (escalation 1, 2 …).
 *
 * Each step reads only what is due, through partial indexes that hold only what is still to do,
 * so its cost follows the due rows, not the number of cases. Once per cluster: a session
 * advisory lock, tried, never waited for. Idempotent without the lock too: markers on the rows
 * and the unique breach key are written in the transaction that publishes the event.
 */
@Injectable()
export class SlaSweepJob extends ClusterJob<SweepResult> {
  private readonly log = new Logger('SlaSweep');
  private readonly observers = new Observers<SweepResult>(this.log, 'sweep');

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly sla: SlaService,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly settings: AppSettings,
    private readonly deadlines: CaseDeadlinesRepository,
  ) {
    super('sla-sweep', (config) => config.slaSweepCron, db);
  }

  /**
   * One sweep. `asOf` (the CLI's `--now`) is the job's own reference time and nothing else: what
   * is due, and the times the job writes on its own rows (reminded, breached, next repeat).
   * The events it publishes, and the mail and audit entries they lead to, keep the injected
   * clock. A run as of another time is a simulation: it leaves the cluster's "last sweep"
   * record (for /health) to the real runs.
   */
  async run(opts: { asOf?: Date } = {}): Promise<SweepResult> {
    const now = opts.asOf ?? this.clock.now();
    const simulated = opts.asOf !== undefined;
    const started = process.hrtime.bigint();
    const result: SweepResult = { ran: false, at: now.toISOString(), reminders: 0, breaches: 0, escalations: 0, durationMs: 0 };
    await this.locked(result, async (runner) => {
      const m = runner.manager;
      const cal = await this.sla.calendar(m);
      try {
        // Breaches first: a deadline already missed (the sweep was not running) settles its
        // reminder too, so nobody is reminded of a deadline that has passed.
        const asOf = simulated ? now.toISOString() : undefined;
        result.breaches = await this.repeat(() => inTransaction(runner, () => this.breachBatch(m, now, cal, asOf)));
        result.reminders = await this.repeat(() => inTransaction(runner, () => this.remindBatch(m, now)));
        result.escalations = await this.repeat(() => inTransaction(runner, () => this.escalateBatch(m, now, cal, asOf)));
      } catch (e) {
        // The next run picks up where this one stopped: every batch that committed is done.
        result.error = describeFailure(e);
        this.log.error(`sweep stopped: ${result.error}`);
      }
      result.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (simulated) return;
      await this.settings.write(m, LAST_SWEEP, result);
    });
    if (!result.ran) result.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    else if (result.reminders + result.breaches + result.escalations > 0) {
      this.log.log(`sweep: ${result.reminders} reminders, ${result.breaches} breaches, ${result.escalations} escalations in ${result.durationMs.toFixed(1)} ms`);
    }
    this.observers.notify(result);
    return result;
  }

  /**
   * What a sweep as of `asOf` would announce, read without locks and without writing anything
   * (`sla:sweep --dry-run`). Same conditions as the three steps; a breach already recorded for
   * its due date is not announced again, and a reminder for a deadline already past is not sent.
   */
  async preview(asOf: Date): Promise<SweepPreviewItem[]> {
    return this.deadlines.dueNotices(asOf);
  }

  /** Lets metrics count each run of this process without the job knowing about them. */
  observe(observer: (result: SweepResult) => void): void {
    this.observers.add(observer);
  }

  /** What the last sweep of the cluster did (for /health), or null before the first. */
  async lastRun(): Promise<SweepResult | null> {
    return this.settings.read<SweepResult>(LAST_SWEEP);
  }

  /** Runs batches until one comes back short; returns how many notices were published in all. */
  private async repeat(batch: () => Promise<{ handled: number; published: number }>): Promise<number> {
    let total = 0;
    for (;;) {
      const { handled, published } = await batch();
      total += published;
      if (handled < SWEEP_BATCH_SIZE) return total;
    }
  }

  private async remindBatch(m: EntityManager, now: Date): Promise<{ handled: number; published: number }> {
    const rows = await this.deadlines.lockDueReminders(m, now, SWEEP_BATCH_SIZE);
    if (!rows.length) return { handled: 0, published: 0 };
    await this.deadlines.mark(m, rows, 'reminded_at', now);
    // Past due between the two steps: its breach notice comes with the next sweep, not a reminder.
    const due = rows.filter((r) => r.dueAt > now);
    await this.events.publishAll(
      m,
      due.map((r) => new SlaReminderDue({ caseId: r.caseId, caseNumber: r.caseNumber, kind: r.kind, dueAt: r.dueAt.toISOString() })),
    );
    return { handled: rows.length, published: due.length };
  }

  /** `asOf`: the reference time when it is not now, recorded with each notice (and so in the audit log). */
  private async breachBatch(m: EntityManager, now: Date, cal: WorkingCalendar, asOf: string | undefined): Promise<{ handled: number; published: number }> {
    const rows = await this.deadlines.lockDueBreaches(m, now, SWEEP_BATCH_SIZE);
    if (!rows.length) return { handled: 0, published: 0 };
    await this.deadlines.mark(m, rows, 'breached_at', now);
    // A breach already recorded for this due date is never announced twice.
    const created = await this.deadlines.recordBreaches(m, rows, now, startOfWorkingDayAfter(now, ESCALATION_EVERY_WORKING_DAYS, cal));
    const numbers = new Map(rows.map((r) => [r.caseId, r.caseNumber]));
    await this.events.publishAll(
      m,
      created.map(
        (b) =>
          new SlaDeadlineBreached({
            breachId: b.id,
            caseId: b.caseId,
            caseNumber: numbers.get(b.caseId)!,
            kind: b.kind,
            dueAt: b.dueAt.toISOString(),
            escalation: 0,
            ...(asOf ? { asOf } : {}),
          }),
      ),
    );
    return { handled: rows.length, published: created.length };
  }

  private async escalateBatch(m: EntityManager, now: Date, cal: WorkingCalendar, asOf: string | undefined): Promise<{ handled: number; published: number }> {
    const rows = await this.deadlines.escalateDue(m, now, SWEEP_BATCH_SIZE, startOfWorkingDayAfter(now, ESCALATION_EVERY_WORKING_DAYS, cal));
    await this.events.publishAll(
      m,
      rows.map(
        (b) =>
          new SlaDeadlineBreached({
            breachId: b.id,
            caseId: b.caseId,
            caseNumber: b.caseNumber,
            kind: b.kind,
            dueAt: b.dueAt.toISOString(),
            escalation: b.escalations,
            ...(asOf ? { asOf } : {}),
          }),
      ),
    );
    return { handled: rows.length, published: rows.length };
  }
}
