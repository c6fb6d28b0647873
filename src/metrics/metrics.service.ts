import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ALERT_KINDS, AlertReading } from '../alerts';
import { AlertsService } from '../alerts';
import type { StoredReading } from '../alerts';
import { SlaSweepJob, SweepResult } from '../cases';
import { ClusterFigures, ClusterFigureValues } from '../health';
import { DATABASE_RESTARTS, DatabaseRestarts } from '../platform/database/database-restarts';
import { RequestGate } from '../platform/http/request-gate';

/** Figures read from the database at scrape time give up after this long (Prometheus waits 10 s). */
export const SCRAPE_DATABASE_TIMEOUT_MS = 2000;

/** The methods a route label may carry; anything else a client sends is counted as OTHER. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

class ScrapeTimeout extends Error {}

/** The parts of pg's Pool that the pool gauges read. */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The Prometheus registry of this process (DESIGN.md §3, §8; CONTRACT.md Operations).
 *
 * Two kinds of figures, kept apart on purpose:
 * - cluster-wide, read from the database when Prometheus scrapes (outbox, mail queue, last SLA
 *   sweep, holiday calendar), never per request, with a short timeout: every instance reports the
 *   same value, so alert on `max()` of them, not `sum()`;
 * - process-local: request durations, the database pool, Node itself, and the SLA notices this
 *   process published (only one instance sweeps at a time, so `sum()` over instances is the
 *   cluster's total).
 *
 * Labels never carry anything a user typed: requests are labelled by route template.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly log = new Logger('Metrics');
  private reading: Promise<ClusterFigureValues> | null = null;

  private readonly httpDuration = new Histogram({
    name: 'wbs_http_request_duration_seconds',
    help: 'Time from the request reaching the routes to the last byte of the response, by route template, method and status class.',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly databaseUp = this.gauge('wbs_database_up', 'Whether the database answered this scrape within 2 s (1) or not (0); when 0 the database figures read NaN.');
  private readonly outboxBacklog = this.gauge('wbs_outbox_backlog', 'Events not yet fanned out to their subscribers plus deliveries still pending (retries included), cluster-wide.');
  private readonly outboxOldest = this.gauge('wbs_outbox_oldest_pending_seconds', 'Age of the oldest event with work still to do (0 when none), cluster-wide.');
  private readonly outboxParked = this.gauge('wbs_outbox_parked', 'Event deliveries that ran out of tries and wait for an admin, cluster-wide.');
  private readonly mailPending = this.gauge('wbs_mail_queue_pending', 'Mail waiting to be sent or being sent, cluster-wide.');
  private readonly mailHeld = this.gauge('wbs_mail_queue_held', 'Notices held for a daily digest, cluster-wide.');
  private readonly mailParked = this.gauge('wbs_mail_queue_parked', 'Mail refused or out of tries, waiting for an admin (/staff/admin/mail), cluster-wide.');
  private readonly mailOldest = this.gauge('wbs_mail_queue_oldest_pending_seconds', 'Age of the oldest mail waiting to be sent (0 when none), cluster-wide.');
  private readonly sweepAt = this.gauge('wbs_sla_sweep_last_run_timestamp_seconds', 'When the last SLA sweep of the cluster ran (Unix time; 0 before the first).');
  private readonly sweepDuration = this.gauge('wbs_sla_sweep_last_duration_seconds', 'How long the last SLA sweep of the cluster took.');
  private readonly sweepFailed = this.gauge('wbs_sla_sweep_last_failed', 'Whether the last SLA sweep of the cluster stopped on an error (1) or not (0).');
  private readonly sweepReminders = this.gauge('wbs_sla_sweep_last_reminders', 'Reminders the last SLA sweep of the cluster published.');
  private readonly sweepBreaches = this.gauge('wbs_sla_sweep_last_breaches', 'Breach notices the last SLA sweep of the cluster published.');
  private readonly sweepEscalations = this.gauge('wbs_sla_sweep_last_escalations', 'Repeat breach notices the last SLA sweep of the cluster published.');
  private readonly holidaysMissing = this.gauge(
    'wbs_holiday_calendar_missing_year',
    'The year whose holidays an admin still has to enter and confirm (this year, or next year from 1 October); 0 when none is missing.',
  );

  private readonly alertFigure = this.kindGauge(
    'wbs_alert_figure',
    'What the last alert check saw per kind (reports this hour, failed attempts this window, parked items, per cent of the disk in use; for audit-chain-broken the first broken entry, 0 when intact), cluster-wide.',
  );
  private readonly alertThreshold = this.kindGauge('wbs_alert_threshold', 'The threshold of each alert kind at its last check (NaN where any finding raises it: audit-chain-broken).');
  private readonly alertAbove = this.kindGauge('wbs_alert_above_threshold', 'Whether the last check of each alert kind found its figure at or above the threshold (1) or not (0), cluster-wide.');
  private readonly auditVerifiedAt = this.gauge('wbs_audit_verification_last_run_timestamp_seconds', 'When the app last verified the audit chain (Unix time; 0 before the first daily run).');
  private readonly auditChainIntact = this.gauge('wbs_audit_chain_intact', 'Whether the last verification found the audit chain intact (1) or broken (0); NaN before the first run.');
  private readonly auditChecked = this.gauge('wbs_audit_verification_checked_entries', 'Audit entries the last verification recomputed.');
  private readonly alertsRaised = new Counter({
    name: 'wbs_alerts_raised_total',
    help: 'Alerts on unusual activity raised (and mailed to admins and supervisors) by this process, by kind; each once per window cluster-wide, so sum() over instances is the cluster total.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly sweepRuns = new Counter({
    name: 'wbs_sla_sweep_runs_total',
    help: 'SLA sweeps started by this process: swept, skipped (another instance held the lock) or failed.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly reminders = this.counter('wbs_sla_reminders_total', 'Deadline reminders published by the SLA sweeps of this process.');
  private readonly breaches = this.counter('wbs_sla_breaches_total', 'Deadline breach notices (first notice) published by the SLA sweeps of this process.');
  private readonly escalations = this.counter('wbs_sla_escalations_total', 'Repeat breach notices published by the SLA sweeps of this process.');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly figures: ClusterFigures,
    private readonly sweep: SlaSweepJob,
    private readonly alerts: AlertsService,
    @Inject(DATABASE_RESTARTS) database: DatabaseRestarts,
    gate: RequestGate,
  ) {
    this.mirror('wbs_http_requests_refused_total', 'Requests this instance refused with 503 because MAX_IN_FLIGHT requests were already in flight.', () => gate.refused);
    this.mirror('wbs_embedded_database_restarts_total', 'Times this process brought the embedded PostgreSQL back after it died (always 0 with DATABASE_URL).', () => database.restarts);
    const pool = () => (this.db.driver as unknown as { master?: PgPoolCounts }).master;
    this.poolGauge('wbs_db_pool_connections', 'Connections this instance holds to PostgreSQL (busy and idle).', () => pool()?.totalCount);
    this.poolGauge('wbs_db_pool_idle_connections', 'Connections of this instance idle in the pool.', () => pool()?.idleCount);
    this.poolGauge('wbs_db_pool_waiting_requests', 'Queries of this instance waiting for a free connection (the pool is exhausted while above 0).', () => pool()?.waitingCount);
    collectDefaultMetrics({ register: this.registry, prefix: 'wbs_' });
    for (const outcome of ['swept', 'skipped', 'failed']) this.sweepRuns.inc({ outcome }, 0);
    for (const kind of ALERT_KINDS) this.alertsRaised.inc({ kind }, 0);
  }

  onModuleInit(): void {
    this.sweep.observe((result) => this.countSweep(result));
    this.alerts.observe((raised) => this.countAlerts(raised));
  }

  /** The registry in Prometheus text format, with the cluster-wide figures read just now. */
  async render(): Promise<{ contentType: string; body: string }> {
    await this.refresh();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** One finished request; `route` is a template or `unmatched`, never the concrete URL. */
  observeRequest(route: string, method: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ route, method: METHODS.has(method) ? method : 'OTHER', status_class: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }

  private countAlerts(raised: readonly AlertReading[]): void {
    for (const r of raised) this.alertsRaised.inc({ kind: r.kind });
  }

  /** Kinds never looked at yet (no check has run) read NaN: no figure is not "0". */
  private setAlertReadings(readings: readonly StoredReading[]): void {
    for (const kind of ALERT_KINDS) {
      const r = readings.find((x) => x.kind === kind);
      this.alertFigure.set({ kind }, r ? r.figure : NaN);
      this.alertThreshold.set({ kind }, r?.threshold ?? NaN);
      this.alertAbove.set({ kind }, r ? Number(r.above) : NaN);
    }
    const chain = readings.find((x) => x.kind === 'audit-chain-broken');
    this.auditVerifiedAt.set(chain ? chain.readAt.getTime() / 1000 : 0);
    this.auditChainIntact.set(chain ? Number(!chain.above) : NaN);
    this.auditChecked.set(chain ? Number(chain.detail.checked ?? 0) : 0);
  }

  private countSweep(result: SweepResult): void {
    this.sweepRuns.inc({ outcome: !result.ran ? 'skipped' : result.error ? 'failed' : 'swept' });
    this.reminders.inc(result.reminders);
    this.breaches.inc(result.breaches);
    this.escalations.inc(result.escalations);
  }

  /**
   * Reads the cluster-wide figures, waiting at most SCRAPE_DATABASE_TIMEOUT_MS. Scrapes share one
   * round of queries while it runs, so a slow database never gets a pile of them: a scrape that
   * comes while the last round is still stuck waits for that round, not a new one.
   */
  private async refresh(): Promise<void> {
    this.reading ??= this.figures.read().finally(() => (this.reading = null));
    const reading = this.reading;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ScrapeTimeout()), SCRAPE_DATABASE_TIMEOUT_MS);
    });
    try {
      const r = await Promise.race([reading, timeout]);
      this.databaseUp.set(1);
      this.outboxBacklog.set(r.events.backlog);
      this.outboxOldest.set(r.events.oldestPendingSeconds ?? 0);
      this.outboxParked.set(r.events.parked);
      this.mailPending.set(r.mail.pending);
      this.mailHeld.set(r.mail.held);
      this.mailParked.set(r.mail.parked);
      this.mailOldest.set(r.mail.oldestPendingSeconds);
      this.sweepAt.set(r.sweep ? Date.parse(r.sweep.at) / 1000 : 0);
      this.sweepDuration.set(r.sweep ? r.sweep.durationMs / 1000 : 0);
      this.sweepFailed.set(r.sweep?.error ? 1 : 0);
      this.sweepReminders.set(r.sweep?.reminders ?? 0);
      this.sweepBreaches.set(r.sweep?.breaches ?? 0);
      this.sweepEscalations.set(r.sweep?.escalations ?? 0);
      this.holidaysMissing.set(r.holidays?.year ?? 0);
      this.setAlertReadings(r.alerts);
    } catch (e) {
      reading.catch(() => undefined); // its failure after the timeout is not unhandled
      // The class and code only: a driver's message may quote values.
      const code = (e as { code?: unknown }).code;
      const reason = e instanceof ScrapeTimeout ? `no answer within ${SCRAPE_DATABASE_TIMEOUT_MS} ms` : `${e instanceof Error ? e.name : 'error'}${typeof code === 'string' ? ` ${code}` : ''}`;
      this.log.warn(`database figures unavailable for this scrape: ${reason}`);
      this.databaseUp.set(0);
      // NaN, not the previous scrape's figures: an old "0 parked" must not pass for news.
      for (const g of this.databaseGauges()) g.set(NaN);
      for (const g of [this.alertFigure, this.alertThreshold, this.alertAbove]) for (const kind of ALERT_KINDS) g.set({ kind }, NaN);
    } finally {
      clearTimeout(timer);
    }
  }

  private databaseGauges(): Gauge[] {
    return [
      this.outboxBacklog,
      this.outboxOldest,
      this.outboxParked,
      this.mailPending,
      this.mailHeld,
      this.mailParked,
      this.mailOldest,
      this.sweepAt,
      this.sweepDuration,
      this.sweepFailed,
      this.sweepReminders,
      this.sweepBreaches,
      this.sweepEscalations,
      this.holidaysMissing,
      this.auditVerifiedAt,
      this.auditChainIntact,
      this.auditChecked,
    ];
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }

  private kindGauge(name: string, help: string): Gauge<'kind'> {
    return new Gauge({ name, help, labelNames: ['kind'] as const, registers: [this.registry] });
  }

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }

  /** Read from the pool's own counters when scraped: no query, no timeout needed. */
  /** A counter that follows a running total kept elsewhere in this process, read at each scrape. */
  private mirror(name: string, help: string, total: () => number): void {
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.inc(total() - seen);
        seen = total();
      },
    });
  }

  private poolGauge(name: string, help: string, read: () => number | undefined): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read() ?? NaN);
      },
    });
  }
}
