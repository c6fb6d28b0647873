import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock/clock';
import { withClusterLock } from '../platform/jobs/cluster-lock';
import type { ScheduledJob } from '../platform/jobs/job-scheduler';
import type { AlertKind, AlertReading } from './events/alert-kinds';
import { AlertsService } from './alerts.service';

export interface AlertsCheckResult {
  /** False when another instance held the check's lock, so this one did nothing. */
  ran: boolean;
  at: string;
  readings: AlertReading[];
  /** The alerts this run raised (each at most once per window, cluster-wide). */
  raised: AlertKind[];
}

/**
 * The regular look at activity (ALERTS_CHECK_CRON, every minute by default; ALERTS_CHECK_SCHEDULE):
 * submissions this hour, failed sign-ins and receipt attempts this window, parked mail and events,
 * the disk under DATA_DIR. Once per cluster (an advisory lock, tried, never waited for); and
 * idempotent without the lock too, since an alert's window is recorded under a unique key in
 * the transaction that raises it.
 */
@Injectable()
export class AlertsCheckJob implements ScheduledJob {
  readonly name = 'alerts-check';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  schedule(config: AppConfig): string {
    return config.alerts.checkCron;
  }

  async run(): Promise<AlertsCheckResult> {
    const now = this.clock.now();
    const result: AlertsCheckResult = { ran: false, at: now.toISOString(), readings: [], raised: [] };
    await withClusterLock(this.db, this.name, async (runner) => {
      result.ran = true;
      result.readings = await this.alerts.look(now);
      result.raised = (await this.alerts.raise(runner, result.readings, now)).map((r) => r.kind);
    });
    return result;
  }
}
