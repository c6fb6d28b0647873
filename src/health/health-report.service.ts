import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClusterFigures } from './cluster-figures';

/** A sweep older than this (when scheduled every minute) means no instance is sweeping. */
const SWEEP_STALE_SECONDS = 600;

export interface HealthReportAnswer {
  status: 200 | 503;
  body: { status: 'ok' | 'error'; checks: Record<string, unknown> };
}

/**
 * The detailed health (CONTRACT.md Operations): database reachable, event backlog and parked
 * events, mail queue, last SLA sweep, holiday calendar. No content, but the backlogs and sweep
 * figures show when reports arrive, so it is served only to admins, the metrics token and the
 * metrics port (HealthController, MetricsServer). Parked events or mail answer 503: a notice or
 * an effect is stuck until an admin looks, which monitoring must see.
 */
@Injectable()
export class HealthReport {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly figures: ClusterFigures,
  ) {}

  async report(): Promise<HealthReportAnswer> {
    const checks: Record<string, unknown> = {};
    let ok = true;
    try {
      await this.db.query('SELECT 1');
      checks.database = { status: 'up' };
    } catch {
      ok = false;
      checks.database = { status: 'down' };
    }
    if (ok) {
      const { at, events, mail, sweep: last, holidays } = await this.figures.read();
      checks.events = { status: events.parked > 0 ? 'degraded' : 'up', ...events };
      if (events.parked > 0) ok = false;
      checks.mail = { status: mail.parked > 0 ? 'degraded' : 'up', ...mail };
      if (mail.parked > 0) ok = false;
      const age = last ? Math.round((at.getTime() - Date.parse(last.at)) / 1000) : null;
      checks.slaSweep = last
        ? { status: last.error ? 'error' : age! > SWEEP_STALE_SECONDS ? 'stale' : 'up', lastRunAt: last.at, ageSeconds: age, durationMs: last.durationMs, reminders: last.reminders, breaches: last.breaches, escalations: last.escalations }
        : { status: 'never-run' };
      // Informational: deadlines still compute (weekends only) without a year's holidays, but wrongly.
      checks.holidays = holidays ? { status: 'warning', missingYear: holidays.year } : { status: 'up' };
    }
    return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'error', checks } };
  }
}
