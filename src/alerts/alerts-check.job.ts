import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { ClusterJob, ClusterJobRun } from '../platform/jobs/cluster-job';
import type { AlertKind, AlertReading } from './events/alert-kinds';
import { AlertsService } from './alerts.service';

export interface AlertsCheckResult extends ClusterJobRun {
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
export class AlertsCheckJob extends ClusterJob<AlertsCheckResult> {
  constructor(
    @InjectDataSource() db: DataSource,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {
    super('alerts-check', (config) => config.alerts.checkCron, db);
  }

  run(): Promise<AlertsCheckResult> {
    const now = this.clock.now();
    return this.locked({ ran: false, at: now.toISOString(), readings: [], raised: [] }, async (runner, result) => {
      result.readings = await this.alerts.look(now);
      result.raised = (await this.alerts.raise(runner, result.readings, now)).map((r) => r.kind);
    });
  }
}
