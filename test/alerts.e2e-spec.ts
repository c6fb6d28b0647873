import request from 'supertest';
import { AlertsCheckJob } from '../src/alerts/alerts-check.job';
import { AuditVerificationJob } from '../src/alerts/audit-verification.job';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, startTestContext, TestApp, TestContext } from './support/app';
import { untilIdle } from './support/idle';
import { bearer } from './support/pages';
import { SmtpSink, SunkMail } from './support/smtp-sink';

const TOKEN = 'a3f9c2e1b7d54a6c8e0f1a2b3c4d5e6f7a8b9c0d';
const PUBLIC_URL = 'https://wbs.kendarikota.go.id';
/** Low thresholds, so a handful of requests is a burst; every other setting as shipped. */
const ALERT_ENV = {
  ALERT_FAILED_SIGN_INS: '5',
  ALERT_FAILED_RECEIPTS: '4',
  ALERT_SUBMISSIONS_MIN_PER_HOUR: '3',
  RATE_LIMIT_LOGIN: '1000',
  RATE_LIMIT_TRACK: '1000',
  RATE_LIMIT_REPORT: '1000',
};
const TITLE = 'Setoran tunai ke bendahara dinas';
const DESCRIPTION = 'Bendahara meminta setoran tunai dari setiap kontraktor sebelum pencairan termin.';
const REPORTER = { name: 'Wa Ode Sitti Marlina', email: 'marlina.pelapor@example.org' };
const ALERT_SUBJECT = /^(Peringatan|Alert):/;

type Member = { id: string; email: string; password: string };

/**
 * Issue 16's alerts on real PostgreSQL with a real SMTP exchange: each kind of unusual activity
 * mails every admin and supervisor once per window, in their language, with the figure, the
 * threshold, when and where to look, and nothing else; nothing below the threshold; once across
 * two app instances too; the daily verification finds a tampered audit entry; /health and
 * /metrics show the figures. The check and the verification are run as their schedules would,
 * with run() and a fixed clock.
 */
describe('Alerts on unusual activity', () => {
  // Monday 2 November 2026, 10:31 WITA: the quarter hour from 10:30, the hour from 10:00.
  const clock = new FixedClock(new Date('2026-11-02T02:31:00Z'));
  const sink = new SmtpSink();
  let t: TestApp;
  let admin: Member;
  let sup: Member;
  let englishSup: Member;
  let both: Member;
  let inspector: Member;
  let attempt = 0;

  const check = () => t.app.get(AlertsCheckJob).run();
  const failSignIns = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await request(t.url)
        .post('/api/v1/auth/login')
        .send({ email: `stranger${++attempt}@example.org`, password: 'tebak-tebak-saja' })
        .expect(401);
    }
  };
  const failReceipts = async (n: number) => {
    for (let i = 0; i < n; i++) await request(t.url).post('/api/v1/track').send({ receipt: 'ABCD-EFGH-JKMN-PQRS' }).expect(401);
  };
  const submit = (extra: Record<string, unknown> = { anonymous: true }) =>
    request(t.url)
      .post('/api/v1/reports')
      .send({ category: 'gratification', title: TITLE, description: DESCRIPTION, consent: 'yes', ...extra })
      .expect(201);
  const alerts = (pattern: RegExp = ALERT_SUBJECT): SunkMail[] => sink.matching(pattern);
  const recipients = (mails: SunkMail[]) => mails.flatMap((m) => m.to).sort();
  const everyone = () => [admin.email, sup.email, englishSup.email, both.email].sort();
  const expectNothingPrivate = (mails: SunkMail[]) => {
    for (const m of mails) {
      for (const secret of [TITLE, DESCRIPTION, REPORTER.name, REPORTER.email, 'Setoran', 'stranger', 'ABCD-EFGH', '127.0.0.1', '::1', 'WBS-2026']) expect(m.raw).not.toContain(secret);
    }
  };
  const alertEntries = async () =>
    (await t.db.query<{ detail: string; actor_type: string }>(`SELECT detail, actor_type FROM audit_log WHERE action = 'alerts.alert-raised' ORDER BY id`)).map((r) => ({
      actor: r.actor_type,
      ...(JSON.parse(r.detail) as { alert: string; figure: number; threshold: number | null }),
    }));

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ clock, env: { SMTP_URL: sink.url, MAIL_POLL_MS: '100', PUBLIC_URL, METRICS_TOKEN: TOKEN, ...ALERT_ENV } });
    admin = await t.createStaff([Role.Admin]);
    sup = await t.createStaff([Role.Supervisor]);
    englishSup = await t.createStaff([Role.Supervisor]);
    both = await t.createStaff([Role.Admin, Role.Supervisor]);
    inspector = await t.createStaff([Role.Inspector]);
    await t.createStaff([Role.Custodian]); // present, and must not be mailed
    await t.db.query(`UPDATE staff SET language = 'en' WHERE id = $1`, [englishSup.id]);
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  it('mails nobody while every figure stays below its threshold', async () => {
    await failSignIns(4);
    await failReceipts(3);
    await submit();
    await submit();
    const result = await check();
    expect(result).toMatchObject({ ran: true, raised: [] });
    expect(Object.fromEntries(result.readings.map((r) => [r.kind, [r.figure, r.threshold]]))).toEqual({
      'submissions-surge': [2, 3],
      'staff-sign-in-failures': [4, 5],
      'receipt-failures': [3, 4],
      'mail-parked': [0, 1],
      'events-parked': [0, 1],
      'disk-nearly-full': [expect.any(Number), 90],
    });
    await untilIdle(t);
    expect(alerts()).toEqual([]);
    expect(await alertEntries()).toEqual([]);
  });

  it('mails every admin and supervisor once, in their language, for a burst of failed staff sign-ins', async () => {
    await failSignIns(1);
    expect(await check()).toMatchObject({ raised: ['staff-sign-in-failures'] });
    await untilIdle(t);
    const mails = alerts(/sign-ins|upaya masuk staf/);
    // Each member once, the member holding both roles too; not the inspector, not the custodian.
    expect(recipients(mails)).toEqual(everyone());
    expect(mails.find((m) => m.to.includes(englishSup.email))!.subject).toBe('Alert: burst of failed staff sign-ins (5 in 15 minutes)');
    const id = mails.find((m) => m.to.includes(sup.email))!;
    expect(id.subject).toBe('Peringatan: banyak upaya masuk staf gagal (5 dalam 15 menit)');
    expect(id.raw).toMatch(/5 upaya masuk ke akun staf gagal dalam 15 menit sejak Senin, 2 November 2026 (pukul )?10[.:]30/);
    expect(id.raw).toContain('Ambang peringatan: 5');
    expect(id.raw).toContain(`${PUBLIC_URL}/staff/audit?action=staff.sign-in-failed`);
    expectNothingPrivate(mails);
    expect(await alertEntries()).toEqual([
      {
        actor: 'system',
        alert: 'staff-sign-in-failures',
        figure: 5,
        threshold: 5,
        at: clock.now().toISOString(),
        windowStart: '2026-11-02T02:30:00.000Z',
        windowMinutes: 15,
        eventId: expect.any(String),
      },
    ]);
  });

  it('mails nothing more for more failures in the same window', async () => {
    await failSignIns(3);
    const again = await check();
    expect(again.raised).toEqual([]);
    expect(again.readings.find((r) => r.kind === 'staff-sign-in-failures')).toMatchObject({ figure: 8, raised: true });
    await untilIdle(t);
    expect(alerts()).toHaveLength(4);
    expect(await alertEntries()).toHaveLength(1);
  });

  it('mails a burst of wrong receipts, without anything about who tried', async () => {
    await failReceipts(1);
    expect(await check()).toMatchObject({ raised: ['receipt-failures'] });
    await untilIdle(t);
    const mails = alerts(/receipt|kode tanda terima/);
    expect(recipients(mails)).toEqual(everyone());
    expect(mails.find((m) => m.to.includes(admin.email))!.raw).toContain(`${PUBLIC_URL}/staff/audit?action=reporter.sign-in-failed`);
    expectNothingPrivate(mails);
  });

  it('mails a surge of submissions with the count only: no title, no text, no reporter', async () => {
    await submit({ anonymous: false, reporter_name: REPORTER.name, reporter_email: REPORTER.email });
    expect(await check()).toMatchObject({ raised: ['submissions-surge'] });
    await untilIdle(t);
    const mails = alerts(/reports|laporan masuk/);
    expect(recipients(mails)).toEqual(everyone());
    const en = mails.find((m) => m.to.includes(englishSup.email))!;
    expect(en.subject).toBe('Alert: far more reports than usual (3 in one hour)');
    expect(en.raw).toMatch(/3 reports arrived through the website and the API in the hour from Monday,? 2 November 2026.*10:00/);
    expect(en.raw).toContain('alert threshold: 3 an hour');
    expect(en.raw).toContain(`${PUBLIC_URL}/staff/cases`);
    expectNothingPrivate(mails);
  });

  it('mails parked mail and parked events, once a day while they last', async () => {
    // A mailbox that refuses for good: the inspector's assignment notice parks.
    sink.refused.add(inspector.email);
    const [{ id: caseId }] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY number LIMIT 1`);
    await request(t.url)
      .post(`/api/v1/cases/${caseId}/assign`)
      .set('Authorization', await bearer(t, sup))
      .send({ inspectorId: inspector.id })
      .expect(201);
    await untilIdle(t);
    // A delivery that ran out of tries (the retry policy's end, without waiting through it).
    await t.db.query(
      `UPDATE event_deliveries SET status = 'parked', done_at = NULL, attempts = 10, last_attempt_at = now(), last_error = 'Error: out of tries'
        WHERE (event_id, subscriber) IN (SELECT event_id, subscriber FROM event_deliveries WHERE subscriber = 'notifications.mail-new-report' LIMIT 1)`,
    );
    expect(await check()).toMatchObject({ raised: ['mail-parked', 'events-parked'] });
    await untilIdle(t);
    const parkedMail = alerts(/e-mail tidak terkirim|e-mails could not be delivered/);
    expect(recipients(parkedMail)).toEqual(everyone());
    expect(parkedMail.find((m) => m.to.includes(admin.email))!.subject).toBe('Peringatan: 1 e-mail tidak terkirim');
    expect(parkedMail[0].raw).toContain(`${PUBLIC_URL}/staff/admin/mail`);
    expect(recipients(alerts(/peristiwa tertahan|event deliveries are parked/))).toEqual(everyone());
    expectNothingPrivate(alerts());

    // Later the same day: still parked, nobody is told twice.
    clock.advance(60 * 60_000);
    expect(await check()).toMatchObject({ raised: [] });
    await untilIdle(t);
    expect(recipients(alerts(/e-mail tidak terkirim|e-mails could not be delivered/))).toEqual(everyone());
  });

  it('verifies the audit chain daily, and a tampered entry raises the alert', async () => {
    const verification = t.app.get(AuditVerificationJob);
    const intact = await verification.run();
    expect(intact).toMatchObject({ ran: true, raised: false, verified: { ok: true } });
    expect(intact.verified!.checked).toBeGreaterThan(20);
    const health = await request(t.url).get('/health').set('Authorization', `Bearer ${TOKEN}`);
    expect(health.body.checks.auditChain).toMatchObject({ status: 'up', ok: true, checked: intact.verified!.checked, verifiedAt: clock.now().toISOString() });

    await t.db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await t.db.query(`UPDATE audit_log SET detail = '{"reason":"nothing-happened"}' WHERE seq = 3`);
    await t.db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const broken = await verification.run();
    expect(broken).toMatchObject({ ran: true, raised: true, verified: { ok: false, firstBroken: { seq: 3 } } });
    await untilIdle(t);
    const mails = alerts(/rantai log audit rusak|audit log's chain is broken/);
    expect(recipients(mails)).toEqual(everyone());
    const en = mails.find((m) => m.to.includes(englishSup.email))!;
    expect(en.raw).toContain('found its hash chain broken at entry number 3');
    expect(en.raw).not.toMatch(/Alert threshold/);
    expect(en.raw).toContain(`${PUBLIC_URL}/staff/audit`);

    const after = await request(t.url).get('/health').set('Authorization', `Bearer ${TOKEN}`).expect(503);
    expect(after.body.checks.auditChain).toMatchObject({ status: 'broken', ok: false, firstBrokenSeq: 3 });
    // The next daily run the same day finds it again, and tells nobody twice.
    expect(await verification.run()).toMatchObject({ raised: false, verified: { ok: false } });
    await untilIdle(t);
    expect(alerts(/rantai log audit rusak|audit log's chain is broken/)).toHaveLength(4);
  });

  it('shows each alert in /metrics and on /health', async () => {
    const { text } = await request(t.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    for (const kind of ['staff-sign-in-failures', 'receipt-failures', 'submissions-surge', 'mail-parked', 'events-parked', 'audit-chain-broken']) {
      expect(text).toContain(`wbs_alerts_raised_total{kind="${kind}"} 1\n`);
    }
    expect(text).toContain('wbs_alerts_raised_total{kind="disk-nearly-full"} 0\n');
    // The last check looked at a later quarter hour, without failures.
    expect(text).toContain('wbs_alert_figure{kind="staff-sign-in-failures"} 0\n');
    expect(text).toContain('wbs_alert_figure{kind="mail-parked"} 1\n');
    expect(text).toContain('wbs_alert_threshold{kind="staff-sign-in-failures"} 5\n');
    expect(text).toContain('wbs_alert_above_threshold{kind="mail-parked"} 1\n');
    expect(text).toContain('wbs_alert_above_threshold{kind="disk-nearly-full"} 0\n');
    expect(text).toContain('wbs_audit_chain_intact 0\n');
    const health = await request(t.url).get('/health').set('Authorization', `Bearer ${TOKEN}`).expect(503);
    expect(health.body.checks.alerts).toMatchObject({ status: 'warning', active: ['events-parked', 'mail-parked'] });
  });

  describe('with two app instances on one database', () => {
    let second: TestContext;
    beforeAll(async () => {
      second = await startTestContext({ clock, database: t.db, env: { DATA_DIR: t.config.dataDir, SMTP_URL: sink.url, MAIL_POLL_MS: '100', PUBLIC_URL, ...ALERT_ENV } });
    });
    afterAll(async () => second?.close());

    it('mails a burst in the next window once, whichever instance checks, and however many do', async () => {
      clock.set(new Date('2026-11-02T04:46:00Z')); // 12:46 WITA, a new quarter hour
      await failSignIns(5);
      const before = alerts(/sign-ins|upaya masuk staf/).length;
      const runs = await Promise.all([check(), second.app.get(AlertsCheckJob).run(), check()]);
      expect(runs.flatMap((r) => r.raised)).toEqual(['staff-sign-in-failures']);
      // Once the lock is free again, the other instance looks too: the window is already told.
      expect(await second.app.get(AlertsCheckJob).run()).toMatchObject({ ran: true, raised: [] });
      await untilIdle([t, second]);
      const mails = alerts(/sign-ins|upaya masuk staf/).slice(before);
      expect(recipients(mails)).toEqual(everyone());
    });
  });
});

describe('Alert on a nearly full disk', () => {
  const sink = new SmtpSink();
  let t: TestContext;

  beforeAll(async () => {
    await sink.start();
    // Any disk in use at all is "nearly full" at 1 %: the alert is triggered on purpose.
    t = await startTestContext({ clock: new FixedClock(new Date('2026-11-02T02:31:00Z')), env: { SMTP_URL: sink.url, MAIL_POLL_MS: '100', ALERT_DISK_USED_PERCENT: '1' } });
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  it('mails each admin and supervisor once with the share in use and the threshold', async () => {
    const admin = await t.createStaff([Role.Admin]);
    const sup = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Inspector]);
    const first = await t.app.get(AlertsCheckJob).run();
    expect(first.raised).toEqual(['disk-nearly-full']);
    const used = first.readings.find((r) => r.kind === 'disk-nearly-full')!.figure;
    expect(used).toBeGreaterThanOrEqual(1);
    expect(await t.app.get(AlertsCheckJob).run()).toMatchObject({ raised: [] });
    await untilIdle(t);
    expect(sink.mails.flatMap((m) => m.to).sort()).toEqual([admin.email, sup.email].sort());
    for (const m of sink.mails) {
      expect(m.subject).toBe(`Peringatan: disk DATA_DIR terisi ${used}%`);
      expect(m.raw).toContain('ambang peringatan: 1%');
      expect(m.raw).toContain('/health');
    }
  });
});
