import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import { AuditService } from '../audit';
import { CasesService } from '../cases';
import { MailQueueRepository } from '../notifications';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { EventPublisher, EventsHealth } from '../platform/events';
import { describeFailure } from '../platform/events/retry-policy';
import { inTransaction } from '../platform/jobs/cluster-lock';
import { Observers } from '../platform/jobs/observers';
import type { AlertReading } from './events/alert-kinds';
import { diskNearlyFull, failedAttemptsBurst, hourlySeries, lastingCondition, submissionsSurge, windowStartOf } from './alert-rules';
import { AlertsRepository, StoredReading } from './alerts.repository';
import { diskBlocksOf } from './disk-usage';
import { AlertRaised } from './events/alert-events';

/** The audit actions a failed staff sign-in and a failed receipt attempt are recorded as. */
export const FAILED_SIGN_IN_ACTIONS = { staff: 'staff.sign-in-failed', receipt: 'reporter.sign-in-failed' } as const;

/**
 * Alerts on unusual activity (issue 16): reads each figure from the module that owns it (cases,
 * audit log, mail queue, event outbox, the disk), turns figures into readings with the pure rules
 * of alert-rules.ts, and raises an alert once per window of its kind, cluster-wide. Raising is
 * an event (`alerts.alert-raised`) written with the once-per-window record in one transaction:
 * the notifications module mails it to every admin and supervisor, the audit log records it.
 */
@Injectable()
export class AlertsService {
  private readonly log = new Logger('Alerts');
  private readonly observers = new Observers<readonly AlertReading[]>(this.log, 'alert');

  constructor(
    private readonly repo: AlertsRepository,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly mail: MailQueueRepository,
    private readonly outbox: EventsHealth,
    private readonly events: EventPublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Every figure the regular check watches (the audit chain has its own daily job), as of `now`.
   * Each figure is read on its own: one that cannot be read (say, DATA_DIR unmounted) is logged
   * and left out, and the other kinds are still checked.
   */
  async look(now: Date): Promise<AlertReading[]> {
    const s = this.config.alerts;
    const figures: [string, () => Promise<AlertReading[]>][] = [
      [
        'submissions',
        async () => {
          const hour = windowStartOf(now, 60);
          const perHour = await this.cases.submissionsByHour(new Date(hour.getTime() - s.submissions.baselineHours * 3_600_000), new Date(hour.getTime() + 3_600_000));
          return [submissionsSurge(now, perHour.get(hour.getTime()) ?? 0, hourlySeries(hour, s.submissions.baselineHours, perHour), s.submissions)];
        },
      ],
      [
        'failed sign-ins',
        async () => {
          const from = windowStartOf(now, s.failedWindowMinutes);
          const failed = await this.audit.countActions(Object.values(FAILED_SIGN_IN_ACTIONS), from, new Date(from.getTime() + s.failedWindowMinutes * 60_000));
          return [
            failedAttemptsBurst('staff-sign-in-failures', now, failed[FAILED_SIGN_IN_ACTIONS.staff], s.failedSignIns, s.failedWindowMinutes),
            failedAttemptsBurst('receipt-failures', now, failed[FAILED_SIGN_IN_ACTIONS.receipt], s.failedReceipts, s.failedWindowMinutes),
          ];
        },
      ],
      ['parked mail', async () => [lastingCondition('mail-parked', now, (await this.mail.snapshot(now)).parked, s.parkedMail, s.repeatHours)]],
      ['parked events', async () => [lastingCondition('events-parked', now, (await this.outbox.snapshot()).parked, s.parkedEvents, s.repeatHours)]],
      ['disk', async () => [diskNearlyFull(now, await diskBlocksOf(this.config.dataDir), s.diskUsedPercent, s.repeatHours)]],
    ];
    // One after the other: the check holds at most one pooled connection besides its lock's.
    const readings: AlertReading[] = [];
    for (const [figure, read] of figures) readings.push(...(await this.attempt(figure, read)));
    return readings;
  }

  private async attempt(figure: string, read: () => Promise<AlertReading[]>): Promise<AlertReading[]> {
    try {
      return await read();
    } catch (e) {
      this.log.error(`alert check could not read the ${figure} figure: ${describeFailure(e)}`);
      return [];
    }
  }

  /**
   * Saves the readings and raises each alert whose window has none yet, in one transaction on
   * the job's connection; returns the alerts raised by this call. `detail` is kept with the
   * readings (the audit verification's summary).
   */
  async raise(runner: QueryRunner, readings: readonly AlertReading[], now: Date, detail?: Record<string, unknown>): Promise<AlertReading[]> {
    const raised = await inTransaction(runner, () => this.record(runner.manager, readings, now, detail));
    for (const r of raised) this.log.warn(`alert raised: ${r.kind} at ${r.figure} (threshold ${r.threshold ?? 'any'}) in the window from ${r.windowStart.toISOString()}`);
    this.observers.notify(raised);
    return raised;
  }

  /** Lets metrics count the alerts this process raised without this module knowing about them. */
  observe(observer: (raised: readonly AlertReading[]) => void): void {
    this.observers.add(observer);
  }

  /** The latest reading of each kind, cluster-wide (for /metrics and /health). */
  readings(): Promise<StoredReading[]> {
    return this.repo.readings();
  }

  private async record(m: EntityManager, readings: readonly AlertReading[], now: Date, detail?: Record<string, unknown>): Promise<AlertReading[]> {
    await this.repo.saveReadings(m, readings, now, detail);
    const raised: AlertReading[] = [];
    for (const r of readings) {
      if (!r.raised || !(await this.repo.raiseOnce(m, r, now))) continue;
      await this.events.publish(
        m,
        new AlertRaised({ alert: r.kind, at: now.toISOString(), windowStart: r.windowStart.toISOString(), windowMinutes: r.windowMinutes, figure: r.figure, threshold: r.threshold }),
      );
      raised.push(r);
    }
    return raised;
  }
}
