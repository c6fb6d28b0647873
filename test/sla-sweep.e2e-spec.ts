import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { SlaSweepJob } from '../src/cases/sla/sla-sweep.job';
import { MailDeliveryWorker } from '../src/notifications/mail-delivery.worker';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { untilIdle } from './support/idle';
import { SmtpSink } from './support/smtp-sink';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const HEALTH_TOKEN = 'd1a9c3b7e5f40a2b8c6d4e2f0a1b3c5d7e9f1a2b';

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');

/**
 * Issue 4's proof on real PostgreSQL with a real SMTP exchange: a report on the Friday
 * afternoon before Waisak (Sunday) and Hari Lahir Pancasila (Monday) gets its verification
 * deadline on Thursday; the assignee is reminded the working day before; `sla:sweep --now` past
 * the deadline mails each supervisor exactly once, with the case number and no content; a
 * second sweep mails nobody; three working days later one more notice each; then the SMTP
 * server goes away for a while and nothing is lost or doubled.
 */
describe('SLA sweep and notifications', () => {
  // Friday 29 May 2026, 15:00 WITA.
  const clock = new FixedClock(new Date('2026-05-29T07:00:00Z'));
  const sink = new SmtpSink();
  let t: TestApp;
  let sup1: { id: string; email: string; password: string };
  let sup2: { id: string; email: string; password: string };
  let inspector: { id: string; email: string; password: string };
  let caseId = '';
  let caseNumber = '';
  const TITLE = 'Pungutan liar di loket perizinan';
  const DESCRIPTION = 'Petugas loket meminta uang tambahan sebesar Rp 500.000 untuk mempercepat izin usaha.';

  const bearerOf = async (who: { email: string; password: string }) =>
    `Bearer ${(await request(t.url).post('/api/v1/auth/login').send({ email: who.email, password: who.password }).expect(200)).body.accessToken}`;
  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir, SMTP_URL: sink.url, LOG_LEVEL: 'warn', PUBLIC_URL: 'https://wbs.kendarikota.go.id' },
    });
  const expectNoContent = (raw: string) => {
    for (const secret of [TITLE, DESCRIPTION, 'Pungutan', 'loket']) expect(raw).not.toContain(secret);
  };

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({
      clock,
      // METRICS_TOKEN: the detailed /health is for monitoring (or an admin) only.
      env: { SMTP_URL: sink.url, MAIL_POLL_MS: '100', MAIL_RETRY_BASE_MS: '1000', MAIL_RETRY_MAX_MS: '60000', PUBLIC_URL: 'https://wbs.kendarikota.go.id', METRICS_TOKEN: HEALTH_TOKEN },
    });
    sup1 = await t.createStaff([Role.Supervisor]);
    sup2 = await t.createStaff([Role.Supervisor]);
    inspector = await t.createStaff([Role.Inspector]);
    await t.createStaff([Role.Custodian]);
    await request(t.url).post('/api/v1/reports').send({ category: 'illegal_levy', title: TITLE, description: DESCRIPTION, anonymous: true, consent: 'yes' }).expect(201);
    [{ id: caseId, number: caseNumber }] = await t.db.query<{ id: string; number: string }>(`SELECT id, number FROM cases`);
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  it('tells every supervisor of the new report, by number and link only', async () => {
    await untilIdle(t);
    const mails = sink.matching(/^Laporan baru/);
    expect(mails).toHaveLength(2);
    expect(mails.flatMap((m) => m.to).sort()).toEqual([sup1.email, sup2.email].sort());
    for (const m of mails) {
      expect(m.subject).toBe(`Laporan baru ${caseNumber} perlu diverifikasi`);
      expect(m.raw).toContain(`https://wbs.kendarikota.go.id/staff/cases/${caseId}`);
      expectNoContent(m.raw);
    }
  });

  it('sets the verification deadline over the long weekend, and the reminder the working day before', async () => {
    const [d] = await t.db.query<{ due_at: Date; remind_at: Date }>(`SELECT due_at, remind_at FROM case_deadlines WHERE case_id = $1 AND kind = 'verification'`, [caseId]);
    // Sun 31 May Waisak, Mon 1 June Pancasila: Tue 2 (1), Wed 3 (2), Thu 4 June (3), end of day WITA.
    expect(d.due_at).toEqual(new Date('2026-06-04T15:59:59.999Z'));
    expect(d.remind_at).toEqual(new Date('2026-06-02T16:00:00.000Z')); // Wednesday 00:00 WITA
  });

  it('tells the inspector of the assignment, and reminds them before the deadline, once', async () => {
    await request(t.url)
      .post(`/api/v1/cases/${caseId}/assign`)
      .set('Authorization', await bearerOf(sup1))
      .send({ inspectorId: inspector.id })
      .expect(201);
    await untilIdle(t);
    expect(sink.matching(/ditugaskan kepada Anda$/).map((m) => m.to)).toEqual([[inspector.email]]);

    const sweep = t.app.get(SlaSweepJob);
    expect(await sweep.run({ asOf: new Date('2026-06-02T15:59:00Z') })).toMatchObject({ ran: true, reminders: 0, breaches: 0 });
    expect(await sweep.run({ asOf: new Date('2026-06-03T01:00:00Z') })).toMatchObject({ ran: true, reminders: 1, breaches: 0 });
    expect(await sweep.run({ asOf: new Date('2026-06-03T02:00:00Z') })).toMatchObject({ reminders: 0 });
    await untilIdle(t);
    const reminders = sink.matching(/^Pengingat/);
    expect(reminders).toHaveLength(1);
    expect(reminders[0].to).toEqual([inspector.email]);
    expect(reminders[0].subject).toContain(caseNumber);
    expectNoContent(reminders[0].raw);
  });

  it('sla:sweep --now past the deadline mails each supervisor once; a second sweep mails nobody', async () => {
    const first = await cli('sla:sweep', '--now', '2026-06-05T09:00:00+08:00');
    expect(first.stdout).toMatch(/1 breaches/);
    await untilIdle(t);
    const breaches = sink.matching(/terlewati$/);
    expect(breaches.flatMap((m) => m.to).sort()).toEqual([sup1.email, sup2.email].sort());
    for (const m of breaches) {
      expect(m.subject).toBe(`Tenggat verifikasi ${caseNumber} terlewati`);
      expect(m.raw).toContain(`https://wbs.kendarikota.go.id/staff/cases/${caseId}`);
      expectNoContent(m.raw);
    }
    const second = await cli('sla:sweep', '--now', '2026-06-05T10:00:00+08:00');
    expect(second.stdout).toMatch(/0 reminders, 0 breaches, 0 repeat notices/);
    await untilIdle(t);
    expect(sink.matching(/terlewati$/)).toHaveLength(2);
    expect(await t.db.query(`SELECT kind, escalations, resolved_at FROM sla_breaches`)).toEqual([{ kind: 'verification', escalations: 0, resolved_at: null }]);
  });

  it('repeats the notice three working days later while the breach lasts', async () => {
    // Breach noticed Friday 5 June: Mon 8, Tue 9, Wed 10 June → from Wednesday 00:00 WITA.
    await cli('sla:sweep', '--now', '2026-06-09T23:30:00+08:00');
    await untilIdle(t);
    expect(sink.matching(/^Masih terlambat/)).toHaveLength(0);
    const out = await cli('sla:sweep', '--now', '2026-06-10T08:00:00+08:00');
    expect(out.stdout).toMatch(/1 repeat notices/);
    await untilIdle(t);
    const repeats = sink.matching(/^Masih terlambat/);
    expect(repeats.flatMap((m) => m.to).sort()).toEqual([sup1.email, sup2.email].sort());
    await cli('sla:sweep', '--now', '2026-06-10T09:00:00+08:00');
    await untilIdle(t);
    expect(sink.matching(/^Masih terlambat/)).toHaveLength(2);
  });

  it('keeps the breach through triage, ends it when verification ends, with its resolution time, and stops repeating', async () => {
    clock.set(new Date('2026-06-10T02:00:00Z'));
    const auth = await bearerOf(sup1);
    await request(t.url).post(`/api/v1/cases/${caseId}/transition`).set('Authorization', auth).send({ to: 'verifying', reason: 'Mulai verifikasi' }).expect(200);
    // Verification runs until the case leaves it: the breach lasts, and so do its repeats.
    expect(await t.db.query(`SELECT resolved_at FROM sla_breaches`)).toEqual([{ resolved_at: null }]);
    clock.set(new Date('2026-06-10T02:10:00Z'));
    await request(t.url).post(`/api/v1/cases/${caseId}/transition`).set('Authorization', auth).send({ to: 'investigating', reason: 'Cukup bukti', track: 'complaint' }).expect(200);
    const [breach] = await t.db.query<{ resolved_at: Date; next_escalation_at: Date | null }>(`SELECT resolved_at, next_escalation_at FROM sla_breaches`);
    expect(breach).toEqual({ resolved_at: new Date('2026-06-10T02:10:00Z'), next_escalation_at: null });
    const out = await cli('sla:sweep', '--now', '2026-06-20T09:00:00+08:00');
    expect(out.stdout).toMatch(/0 breaches, 0 repeat notices/);
  });

  it('refuses a malformed --now and changes nothing', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM outbox`);
    await expect(cli('sla:sweep', '--now', 'next tuesday')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--now must be an ISO-8601 time') });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual(before);
  });

  it('keeps mail while the SMTP server is away and delivers each once when it is back', async () => {
    const worker = t.app.get(MailDeliveryWorker);
    const already = sink.mails.length;
    await sink.stop();
    await request(t.url).post('/api/v1/reports').send({ category: 'illegal_levy', title: TITLE, description: DESCRIPTION, anonymous: true, consent: 'yes' }).expect(201);
    // Both notices were tried, refused, and wait for their next try. Waiting for the worker to
    // be idle (not for `attempts >= 1`, which a row mid-send already shows) sees them settled.
    const waiting = async () =>
      t.db.query<{ status: string; attempts: number; last_error: string | null }>(`SELECT status, attempts, last_error FROM mail_queue WHERE notice = 'new-report' AND status <> 'sent'`);
    await untilIdle(t);
    const failed = await waiting();
    expect(failed).toHaveLength(2);
    for (const r of failed) expect(r).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED/) });
    // Still away at the next try (the app's own worker may take one of them: wait for both).
    clock.advance(1500);
    await worker.deliverDue();
    await untilIdle(t);
    expect(await waiting()).toEqual([expect.objectContaining({ status: 'pending', attempts: 2 }), expect.objectContaining({ status: 'pending', attempts: 2 })]);
    expect(sink.mails.length).toBe(already);

    await sink.start();
    clock.advance(5000);
    const delivered = await sink.waitFor(/^Laporan baru/, 4);
    expect(delivered).toHaveLength(4); // two from the first report, two now
    await worker.deliverDue();
    await untilIdle(t);
    expect(sink.matching(/^Laporan baru/)).toHaveLength(4);
    expect(await waiting()).toEqual([]);
    const health = await request(t.url).get('/health').set('Authorization', `Bearer ${HEALTH_TOKEN}`).expect(200);
    expect(health.body.checks.mail).toMatchObject({ status: 'up', pending: 0, parked: 0 });
  });
});
