import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClusterFigures } from './cluster-figures';
import { pingDatabase } from '../platform/database/ping';

/** A sweep older than this (when scheduled every minute) means no instance is sweeping. */
const SWEEP_STALE_SECONDS = 600;

export interface HealthReportAnswer {
  status: 200 | 503;
  body: { status: 'ok' | 'error'; checks: Record<string, unknown> };
}

/**
 * The detailed health (CONTRACT.md Operations): database reachable, event backlog and parked
 * events, mail queue, last SLA sweep, holiday calendar, the last audit chain verification (a
 * broken chain answers 503) and the alert figures. No content, but the backlogs and sweep
 * figures show when reports arrive, so it is served only to admins, the metrics token and the
 * metrics port (HealthController, MetricsServer). Parked events or mail answer 503: a notice or
 * an effect is stuck until an admin looks, which monitoring must see. So does a backlog whose
 * oldest item waits longer than HEALTH_MAX_BACKLOG_AGE_SECONDS (a stuck relay or dispatcher, a
 * mail server down for long), before anything is parked.
 *
 * Readiness (`/health/ready`) deliberately ignores backlogs: they are the cluster's, so every
 * instance would turn unready at once and the load balancer would stop the reporting channel
 * because, say, the mail server is down (docs/decisions.md).
 */
@Injectable()
export class HealthReport {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly figures: ClusterFigures,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(): Promise<HealthReportAnswer> {
    const checks: Record<string, unknown> = {};
    let ok = true;
    try {
      await pingDatabase(this.db);
      checks.database = { status: 'up' };
    } catch {
      ok = false;
      checks.database = { status: 'down' };
    }
    if (ok) {
      const { at, events, mail, sweep: last, holidays, alerts } = await this.figures.read();
      const maxAge = this.config.healthMaxBacklogAgeSeconds;
      const eventsStatus = events.parked > 0 ? 'degraded' : (events.oldestPendingSeconds ?? 0) > maxAge ? 'behind' : 'up';
      checks.events = { status: eventsStatus, ...events };
      const mailStatus = mail.parked > 0 ? 'degraded' : mail.oldestPendingSeconds > maxAge ? 'behind' : 'up';
      checks.mail = { status: mailStatus, ...mail };
      if (eventsStatus !== 'up' || mailStatus !== 'up') ok = false;
      const age = last ? Math.round((at.getTime() - Date.parse(last.at)) / 1000) : null;
      checks.slaSweep = last
        ? {
            status: last.error ? 'error' : age! > SWEEP_STALE_SECONDS ? 'stale' : 'up',
            lastRunAt: last.at,
            ageSeconds: age,
            durationMs: last.durationMs,
            reminders: last.reminders,
            breaches: last.breaches,
            escalations: last.escalations,
          }
        : { status: 'never-run' };
      // Informational: deadlines still compute (weekends only) without a year's holidays, but wrongly.
      checks.holidays = holidays ? { status: 'warning', missingYear: holidays.year } : { status: 'up' };
      // The daily verification's last finding: a broken chain is evidence tampered with, which monitoring must see.
      const chain = alerts.find((r) => r.kind === 'audit-chain-broken');
      checks.auditChain = chain ? { status: chain.above ? 'broken' : 'up', verifiedAt: chain.readAt.toISOString(), ...chain.detail } : { status: 'never-run' };
      if (chain?.above) ok = false;
      // Informational: what the alert check saw last; each alert was mailed once in its window.
      const looked = alerts.filter((r) => r.kind !== 'audit-chain-broken');
      const active = looked.filter((r) => r.above).map((r) => r.kind);
      checks.alerts = {
        status: looked.length === 0 ? 'never-run' : active.length ? 'warning' : 'up',
        active,
        figures: Object.fromEntries(looked.map((r) => [r.kind, { figure: r.figure, threshold: r.threshold, checkedAt: r.readAt.toISOString() }])),
      };
    }
    return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'error', checks } };
  }
}
