import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import { Client } from 'pg';
import request from 'supertest';
import { SlaSweepJob } from '../src/cases/sla/sla-sweep.job';
import { Readiness } from '../src/health/readiness.service';
import { MetricsServer } from '../src/metrics/metrics-server.service';
import { createTestDatabase, TestDatabase } from './support/database';
import { startTestApp, TestApp } from './support/app';
import { freePort } from './support/free-port';
import { apiDocument, bearer, pageSession } from './support/pages';
import { Role } from '../src/staff/role';

const TOKEN = 'c0ffee5eed1e4d2f9a7b3c8d6e5f4a3b2c1d0e9f';

/** The sample lines of a metric (`name{labels} value` or `name value`). */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
}

function value(text: string, name: string): number {
  const [line] = samples(text, name);
  if (!line) throw new Error(`no sample of ${name}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * Issue 6 on real PostgreSQL: `/metrics` is not served unless METRICS_TOKEN or METRICS_PORT says
 * so; requests are labelled by route template, never by what was in the URL; the cluster-wide
 * figures come from the database at scrape time; `/health/live` and `/health/ready` answer as
 * probes, and readiness turns 503 when the app begins to stop or the database goes away.
 */
describe('Operations: metrics and probes', () => {
  let db: TestDatabase;
  let dataDir: string;
  const start = (env: Record<string, string> = {}) => startTestApp({ database: db, env: { DATA_DIR: dataDir, ...env } });

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-ops-'));
  });
  afterAll(async () => {
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('by default', () => {
    let t: TestApp;
    beforeAll(async () => (t = await start()));
    afterAll(async () => t?.close());

    it('answers 404 for /metrics, as for any unknown path, and opens no metrics listener', async () => {
      const res = await request(t.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
      expect(res.body.code).toBe('http_404');
      expect(res.text).not.toContain('wbs_');
      const providers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.providers.keys()]);
      expect(providers).not.toContain(MetricsServer);
    });

    it('refuses the detailed GET /health to anyone not signed in (401), with any token or none', async () => {
      for (const auth of [undefined, `Bearer ${TOKEN}`, 'Bearer ', `Basic ${Buffer.from('admin:admin').toString('base64')}`]) {
        const req = request(t.url).get('/health');
        const res = await (auth ? req.set('Authorization', auth) : req).expect(401);
        expect(JSON.stringify(res.body)).not.toMatch(/backlog|parked|pending|sweep|checks/i);
      }
    });

    it('refuses it to signed-in staff without the admin role (403), by token or by cookie', async () => {
      for (const role of [Role.Supervisor, Role.Inspector, Role.Custodian, Role.Auditor]) {
        const member = await t.createStaff([role]);
        const res = await request(t.url)
          .get('/health')
          .set('Authorization', await bearer(t, member))
          .expect(403);
        expect(JSON.stringify(res.body)).not.toMatch(/backlog|parked|checks/i);
      }
      const auditor = await t.createStaff([Role.Auditor]);
      const { agent } = await pageSession(t, auditor.email, auditor.password);
      await agent.get('/health').expect(403);
    });

    it('serves it to a signed-in admin, by token or by cookie session', async () => {
      const admin = await t.createStaff([Role.Admin]);
      const res = await request(t.url)
        .get('/health')
        .set('Authorization', await bearer(t, admin))
        .expect(200);
      expect(res.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, events: { status: 'up', backlog: expect.any(Number), parked: 0 }, mail: { status: 'up', parked: 0 } } });
      const { agent } = await pageSession(t, admin.email, admin.password);
      const page = await agent.get('/health').expect(200);
      expect(page.body.checks.slaSweep).toEqual({ status: 'never-run' });
    });

    it('answers the liveness probe to anyone, with a status only', async () => {
      const res = await request(t.url).get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
      expect(res.headers['cache-control']).toContain('no-store');
    });

    it('answers the readiness probe while the database answers, with a status only', async () => {
      const res = await request(t.url).get('/health/ready').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('is not ready once it begins to shut down, and still alive', async () => {
      t.app.get(Readiness).beginShutdown();
      const res = await request(t.url).get('/health/ready').expect(503);
      expect(res.body).toEqual({ status: 'error' });
      await request(t.url).get('/health/live').expect(200);
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => (t = await start({ METRICS_TOKEN: TOKEN })));
    afterAll(async () => t?.close());
    const scrape = () => request(t.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);

    it('serves the detailed /health to the metrics token, and to no wrong one', async () => {
      const res = await request(t.url).get('/health').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(res.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, events: { status: 'up' }, mail: { status: 'up' } } });
      await request(t.url)
        .get('/health')
        .set('Authorization', `Bearer ${TOKEN.slice(0, -1)}x`)
        .expect(401);
      await request(t.url).get(`/health?token=${TOKEN}`).expect(401);
      await request(t.url).get('/health').expect(401);
    });

    it('turns the detailed /health 503 while the oldest mail waits longer than the setting, and back once it is sent', async () => {
      const staff = await t.createStaff([Role.Auditor]);
      const id = randomUUID();
      // A mail queued 20 minutes ago and still waiting for its next try (the mail server is away).
      await t.db.query(
        `INSERT INTO mail_queue (id, staff_id, notice, facts, urgent, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, 'case-assigned', '{"notice":"case-assigned","caseId":"x","path":"/staff"}', true, 'pending', 3, now() + interval '1 hour', now() - interval '20 minutes')`,
        [id, staff.id],
      );
      const res = await request(t.url).get('/health').set('Authorization', `Bearer ${TOKEN}`).expect(503);
      expect(res.body.checks.mail).toMatchObject({ status: 'behind', parked: 0 });
      expect(res.body.checks.mail.oldestPendingSeconds).toBeGreaterThan(900);
      // Readiness is about this instance serving requests, not about the cluster's backlogs.
      await request(t.url).get('/health/ready').expect(200);
      await t.db.query(`UPDATE mail_queue SET status = 'sent', sent_at = now(), next_attempt_at = NULL WHERE id = $1`, [id]);
      await request(t.url).get('/health').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    });

    it('refuses a scrape without the token or with a wrong one', async () => {
      const none = await request(t.url).get('/metrics').expect(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(none.text).not.toContain('wbs_');
      await request(t.url)
        .get('/metrics')
        .set('Authorization', `Bearer ${TOKEN.slice(0, -1)}x`)
        .expect(401);
      await request(t.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}${TOKEN}`).expect(401);
      await request(t.url)
        .get('/metrics')
        .set('Authorization', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`)
        .expect(401);
      await request(t.url).get(`/metrics?token=${TOKEN}`).expect(401);
    });

    it('serves Prometheus text with the operations figures', async () => {
      const res = await scrape();
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      for (const name of [
        'wbs_database_up',
        'wbs_outbox_backlog',
        'wbs_outbox_oldest_pending_seconds',
        'wbs_outbox_parked',
        'wbs_mail_queue_pending',
        'wbs_mail_queue_held',
        'wbs_mail_queue_parked',
        'wbs_mail_queue_oldest_pending_seconds',
        'wbs_sla_sweep_last_run_timestamp_seconds',
        'wbs_sla_sweep_last_duration_seconds',
        'wbs_sla_sweep_last_failed',
        'wbs_sla_sweep_last_reminders',
        'wbs_sla_sweep_last_breaches',
        'wbs_sla_sweep_last_escalations',
        'wbs_sla_reminders_total',
        'wbs_sla_breaches_total',
        'wbs_sla_escalations_total',
        'wbs_holiday_calendar_missing_year',
        'wbs_db_pool_connections',
        'wbs_db_pool_idle_connections',
        'wbs_db_pool_waiting_requests',
        'wbs_process_cpu_user_seconds_total',
        'wbs_nodejs_eventloop_lag_seconds',
        'wbs_process_resident_memory_bytes',
      ]) {
        expect(res.text).toContain(`# TYPE ${name} `);
        expect(samples(res.text, name).length).toBeGreaterThan(0);
      }
      expect(res.text).toContain('# TYPE wbs_http_request_duration_seconds histogram');
      expect(value(res.text, 'wbs_database_up')).toBe(1);
      expect(value(res.text, 'wbs_outbox_parked')).toBe(0);
      expect(value(res.text, 'wbs_mail_queue_parked')).toBe(0);
      expect(value(res.text, 'wbs_sla_sweep_last_run_timestamp_seconds')).toBe(0); // never swept yet
      expect(value(res.text, 'wbs_db_pool_connections')).toBeGreaterThan(0);
      expect(value(res.text, 'wbs_db_pool_waiting_requests')).toBe(0);
    });

    it('labels requests by route template, never by the id, receipt or path a client sent', async () => {
      const caseId = randomUUID();
      const probe = `wbs-probe-${randomUUID()}`;
      await request(t.url).get(`/api/v1/cases/${caseId}`).expect(401);
      await request(t.url).get(`/api/v1/cases/${caseId}`).expect(401);
      await request(t.url).get(`/track/ABCD-EFGH-JKMN-PQRS/${probe}`).expect(404);
      await request(t.url).get('/api/v1/meta/categories').expect(200);
      const res = await scrape();
      const series = samples(res.text, 'wbs_http_request_duration_seconds_count');
      expect(series).toContainEqual('wbs_http_request_duration_seconds_count{route="/api/v1/cases/:id",method="GET",status_class="4xx"} 2');
      expect(series).toContainEqual(expect.stringMatching(/^wbs_http_request_duration_seconds_count\{route="\/api\/v1\/meta\/categories",method="GET",status_class="2xx"\} [1-9]/));
      expect(series).toContainEqual(expect.stringMatching(/^wbs_http_request_duration_seconds_count\{route="unmatched",method="GET",status_class="4xx"\} [1-9]/));
      for (const typed of [caseId, probe, 'ABCD-EFGH']) expect(res.text).not.toContain(typed);
    });

    it('documents the probes in the OpenAPI document, and not /metrics', async () => {
      const doc = { body: await apiDocument(t) };
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health', '/health/live', '/health/ready']));
      expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
    });

    it("reads the last SLA sweep of the cluster at scrape time and counts this process's sweeps", async () => {
      const result = await t.app.get(SlaSweepJob).run();
      expect(result.ran).toBe(true);
      const res = await scrape();
      expect(value(res.text, 'wbs_sla_sweep_last_run_timestamp_seconds')).toBeCloseTo(Date.parse(result.at) / 1000, 3);
      expect(value(res.text, 'wbs_sla_sweep_last_failed')).toBe(0);
      expect(samples(res.text, 'wbs_sla_sweep_runs_total')).toContainEqual('wbs_sla_sweep_runs_total{outcome="swept"} 1');
    });

    it('reports figures the database holds, not a copy made earlier', async () => {
      await db.query(
        `INSERT INTO app_settings (key, value, updated_at) VALUES ('sla.last_sweep', $1, now())
                      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [JSON.stringify({ ran: true, at: '2026-05-29T07:00:00.000Z', reminders: 2, breaches: 3, escalations: 1, durationMs: 1500, error: 'boom' })],
      );
      const res = await scrape();
      expect(value(res.text, 'wbs_sla_sweep_last_run_timestamp_seconds')).toBe(Date.parse('2026-05-29T07:00:00Z') / 1000);
      expect(value(res.text, 'wbs_sla_sweep_last_duration_seconds')).toBe(1.5);
      expect(value(res.text, 'wbs_sla_sweep_last_breaches')).toBe(3);
      expect(value(res.text, 'wbs_sla_sweep_last_failed')).toBe(1);
    });
  });

  describe('with METRICS_PORT', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      t = await start({ METRICS_PORT: String(port) });
    });
    afterAll(async () => t?.close());

    it('serves /metrics on its own loopback listener and not on the main port', async () => {
      await request(t.url).get('/metrics').expect(404);
      expect(t.app.get(MetricsServer, { strict: false }).address()).toMatchObject({ address: '127.0.0.1', port });
      const res = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(value(res.text, 'wbs_database_up')).toBe(1);
      expect(res.text).toContain('# TYPE wbs_outbox_backlog gauge');
    });

    it('serves the detailed /health there, while the main port refuses it to anonymous callers', async () => {
      const res = await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, events: { status: 'up' }, mail: { status: 'up' } } });
      await request(t.url).get('/health').expect(401);
    });

    it('serves nothing else there', async () => {
      await request(`http://127.0.0.1:${port}`).get('/health/live').expect(404);
      await request(`http://127.0.0.1:${port}`).get('/').expect(404);
      await request(`http://127.0.0.1:${port}`).post('/metrics').expect(405);
    });

    it("still counts the main port's requests by route", async () => {
      await request(t.url).get('/health/live').expect(200);
      const res = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
      expect(samples(res.text, 'wbs_http_request_duration_seconds_count')).toContainEqual(
        expect.stringMatching(/^wbs_http_request_duration_seconds_count\{route="\/health\/live",method="GET",status_class="2xx"\} [1-9]/),
      );
    });

    it('closes the listener when the app stops', async () => {
      await t.close();
      const refused = await fetch(`http://127.0.0.1:${port}/metrics`).then(
        () => false,
        () => true,
      );
      expect(refused).toBe(true);
      t = undefined as unknown as TestApp;
    });
  });

  describe('with METRICS_PORT and METRICS_TOKEN', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      t = await start({ METRICS_PORT: String(port), METRICS_TOKEN: TOKEN });
    });
    afterAll(async () => t?.close());

    it('asks for the token on the separate listener too', async () => {
      const refused = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
      await request(`http://127.0.0.1:${port}`).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      await request(t.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      await request(`http://127.0.0.1:${port}`).get('/health').expect(401);
      await request(`http://127.0.0.1:${port}`).get('/health').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    });
  });

  describe('when the database goes away', () => {
    let t: TestApp;
    let server: Client;
    const dbName = () => new URL(db.url).pathname.slice(1);
    const allowConnections = (allow: boolean) => server.query(`ALTER DATABASE ${dbName()} WITH ALLOW_CONNECTIONS ${allow}`);

    beforeAll(async () => {
      t = await start({ METRICS_TOKEN: TOKEN });
      const admin = new URL(db.url);
      admin.pathname = '/postgres';
      server = new Client({ connectionString: admin.toString() });
      await server.connect();
    });
    afterAll(async () => {
      await allowConnections(true).catch(() => undefined);
      await server?.end();
      await t?.close();
    });

    it('turns readiness to 503 and the database figures to NaN, stays alive, and recovers', async () => {
      await allowConnections(false);
      // The app's pooled connections go; new ones are refused.
      await server.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'wbs'`, [dbName()]);
      const ready = await request(t.url).get('/health/ready').expect(503);
      expect(ready.body).toEqual({ status: 'error' });
      await request(t.url).get('/health/live').expect(200);
      const metrics = await request(t.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(value(metrics.text, 'wbs_database_up')).toBe(0);
      // prom-client writes NaN as "Nan"; Prometheus reads it either way.
      expect(Number.isNaN(value(metrics.text, 'wbs_outbox_parked'))).toBe(true);
      expect(samples(metrics.text, 'wbs_outbox_parked')).toEqual([expect.stringMatching(/^wbs_outbox_parked nan$/i)]);

      await allowConnections(true);
      await request(t.url).get('/health/ready').expect(200);
    });
  });
});
