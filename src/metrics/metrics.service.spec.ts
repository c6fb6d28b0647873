import type { DataSource } from 'typeorm';
import type { AlertReading } from '../alerts';
import type { AlertsService } from '../alerts';
import type { StoredReading } from '../alerts';
import type { HolidaysService } from '../cases';
import type { SlaSweepJob, SweepResult } from '../cases';
import type { MailQueueRepository } from '../notifications';
import { FixedClock } from '../platform/clock/clock';
import type { EventsHealth } from '../platform/events';
import { routeLabel, UNMATCHED_ROUTE } from './http-metrics.middleware';
import { ClusterFigures } from '../health';
import { MetricsService, SCRAPE_DATABASE_TIMEOUT_MS } from './metrics.service';
import { RequestGate } from '../platform/http/request-gate';

/** Each named sample line of a scrape reads `name value`. */
function expectSamples(body: string, expected: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(expected)) expect(sample(body, name)).toBe(`${name} ${value}`);
}

function sample(text: string, name: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
}

describe(MetricsService.name, () => {
  const clock = new FixedClock(new Date('2026-06-01T01:00:00Z'));
  const pool = { totalCount: 4, idleCount: 3, waitingCount: 1 };
  let observers: ((r: SweepResult) => void)[];
  let events: { snapshot: jest.Mock };
  let alertObservers: ((raised: readonly AlertReading[]) => void)[];
  let readings: StoredReading[] = [];
  const database = { restarts: 0 };
  afterEach(() => jest.useRealTimers());

  function build(snapshot: () => Promise<unknown>): MetricsService {
    observers = [];
    alertObservers = [];
    events = { snapshot: jest.fn(snapshot) };
    const alerts = { readings: async () => readings, observe: (o: (raised: readonly AlertReading[]) => void) => alertObservers.push(o) } as unknown as AlertsService;
    const sweep = { lastRun: async () => null, observe: (o: (r: SweepResult) => void) => observers.push(o) } as unknown as SlaSweepJob;
    const figures = new ClusterFigures(
      events as unknown as EventsHealth,
      { snapshot: async () => ({ pending: 2, held: 1, parked: 0, oldestPendingSeconds: 30 }) } as unknown as MailQueueRepository,
      sweep,
      { calendarWarning: async () => ({ year: 2027 }) } as unknown as HolidaysService,
      clock,
      alerts,
    );
    const service = new MetricsService({ driver: { master: pool } } as unknown as DataSource, figures, sweep, alerts, database, new RequestGate(64));
    service.onModuleInit();
    return service;
  }

  it('counts the embedded database restarts of this process', async () => {
    const service = build(async () => ({ backlog: 0, oldestPendingSeconds: null, parked: 0 }));
    database.restarts = 0;
    expect(sample((await service.render()).body, 'wbs_embedded_database_restarts_total')).toBe('wbs_embedded_database_restarts_total 0');
    database.restarts = 2;
    expect(sample((await service.render()).body, 'wbs_embedded_database_restarts_total')).toBe('wbs_embedded_database_restarts_total 2');
    expect(sample((await service.render()).body, 'wbs_embedded_database_restarts_total')).toBe('wbs_embedded_database_restarts_total 2');
  });

  it('reads the database figures and the pool at scrape time', async () => {
    const service = build(async () => ({ backlog: 5, oldestPendingSeconds: null, parked: 1 }));
    const { body } = await service.render();
    expectSamples(body, {
      wbs_database_up: 1,
      wbs_outbox_backlog: 5,
      wbs_outbox_oldest_pending_seconds: 0,
      wbs_mail_queue_oldest_pending_seconds: 30,
      wbs_holiday_calendar_missing_year: 2027,
      wbs_sla_sweep_last_run_timestamp_seconds: 0,
      wbs_db_pool_waiting_requests: 1,
    });
  });

  it('shows each alert kind as gauges read from the cluster, and counts the alerts this process raised', async () => {
    readings = [];
    const service = build(async () => ({ backlog: 0, oldestPendingSeconds: null, parked: 0 }));
    let body = (await service.render()).body;
    expect(Number(sample(body, 'wbs_alert_figure{kind="disk-nearly-full"}')!.split(' ')[1])).toBeNaN(); // never looked at: no figure, not 0
    expect(sample(body, 'wbs_alerts_raised_total{kind="disk-nearly-full"}')).toBe('wbs_alerts_raised_total{kind="disk-nearly-full"} 0');
    expect(Number(sample(body, 'wbs_audit_chain_intact')!.split(' ')[1])).toBeNaN();
    const at = new Date('2026-06-01T00:59:00Z');
    readings = [
      { kind: 'disk-nearly-full', figure: 93, threshold: 90, above: true, readAt: at, detail: {} },
      { kind: 'audit-chain-broken', figure: 0, threshold: null, above: false, readAt: at, detail: { checked: 1234 } },
    ];
    alertObservers.forEach((o) => o([{ kind: 'disk-nearly-full', figure: 93, threshold: 90, windowStart: at, windowMinutes: 1440, raised: true }]));
    body = (await service.render()).body;
    expectSamples(body, {
      'wbs_alert_figure{kind="disk-nearly-full"}': 93,
      'wbs_alert_threshold{kind="disk-nearly-full"}': 90,
      'wbs_alert_above_threshold{kind="disk-nearly-full"}': 1,
      'wbs_alerts_raised_total{kind="disk-nearly-full"}': 1,
      wbs_audit_chain_intact: 1,
      wbs_audit_verification_checked_entries: 1234,
      wbs_audit_verification_last_run_timestamp_seconds: at.getTime() / 1000,
    });
    readings = [];
  });

  it('gives up on a slow database after the timeout, and does not pile up queries behind it', async () => {
    const service = build(() => new Promise(() => undefined));
    // Fake timers: the scrapes end when the timeout fires, whatever the machine's load.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    let answered = false;
    const both = Promise.all([service.render(), service.render()]).finally(() => (answered = true));
    await jest.advanceTimersByTimeAsync(SCRAPE_DATABASE_TIMEOUT_MS - 1);
    expect(answered).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const [a, b] = await both;
    for (const { body } of [a, b]) {
      expect(sample(body, 'wbs_database_up')).toBe('wbs_database_up 0');
      expect(Number(sample(body, 'wbs_outbox_backlog')!.split(' ')[1])).toBeNaN();
      expect(sample(body, 'wbs_db_pool_connections')).toBe('wbs_db_pool_connections 4'); // needs no query
    }
    const third = service.render(); // the first round is still stuck: this scrape waits for it, not a new one
    await jest.advanceTimersByTimeAsync(SCRAPE_DATABASE_TIMEOUT_MS);
    await third;
    expect(events.snapshot).toHaveBeenCalledTimes(1);
  });

  it('counts the sweeps this process ran', async () => {
    const service = build(async () => ({ backlog: 0, oldestPendingSeconds: null, parked: 0 }));
    const base = { at: clock.now().toISOString(), durationMs: 3 };
    observers.forEach((o) => o({ ...base, ran: true, reminders: 2, breaches: 1, escalations: 0 }));
    observers.forEach((o) => o({ ...base, ran: false, reminders: 0, breaches: 0, escalations: 0 }));
    observers.forEach((o) => o({ ...base, ran: true, reminders: 0, breaches: 0, escalations: 4, error: 'QueryFailedError: x' }));
    const { body } = await service.render();
    expect(body).toContain('wbs_sla_sweep_runs_total{outcome="swept"} 1');
    expect(body).toContain('wbs_sla_sweep_runs_total{outcome="skipped"} 1');
    expect(body).toContain('wbs_sla_sweep_runs_total{outcome="failed"} 1');
    expect(sample(body, 'wbs_sla_reminders_total')).toBe('wbs_sla_reminders_total 2');
    expect(sample(body, 'wbs_sla_escalations_total')).toBe('wbs_sla_escalations_total 4');
  });

  it('labels methods a client invents as OTHER', async () => {
    const service = build(async () => ({ backlog: 0, oldestPendingSeconds: null, parked: 0 }));
    service.observeRequest(UNMATCHED_ROUTE, 'PROPFIND', 404, 0.001);
    expect((await service.render()).body).toContain('wbs_http_request_duration_seconds_count{route="unmatched",method="OTHER",status_class="4xx"} 1');
  });
});

describe(routeLabel.name, () => {
  it('uses the matched route template with its router base', () => {
    expect(routeLabel({ baseUrl: '', path: '/api/v1/cases/0b5e…', route: { path: '/api/v1/cases/:id' } }, 200)).toBe('/api/v1/cases/:id');
    expect(routeLabel({ baseUrl: '/staff', path: '/cases/1', route: { path: '/cases/:id' } }, 200)).toBe('/staff/cases/:id');
  });

  it('never uses the concrete path of a request no route took', () => {
    expect(routeLabel({ baseUrl: '', path: '/track/ABCD-EFGH-JKMN-PQRS' }, 404)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ baseUrl: '', path: '/assets/wbs.css' }, 200)).toBe('/assets/*');
    expect(routeLabel({ baseUrl: '', path: '/assets/anything-typed' }, 404)).toBe(UNMATCHED_ROUTE);
  });
});
