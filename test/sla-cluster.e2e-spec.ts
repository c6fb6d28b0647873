import request from 'supertest';
import { SlaSweepJob } from '../src/cases/sla/sla-sweep.job';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { untilIdle } from './support/idle';
import { SmtpSink } from './support/smtp-sink';

/**
 * Two app instances on one database, each with its sweep running every second, its own event
 * dispatcher and its own mail worker: every breach is mailed once to each supervisor, never twice.
 */
describe('SLA sweep on two instances', () => {
  const clock = new FixedClock(new Date('2026-11-02T01:00:00Z')); // Monday 2 November, 09:00 WITA
  const sink = new SmtpSink();
  let a: TestApp;
  let b: TestApp;
  const REPORTS = 12;

  beforeAll(async () => {
    await sink.start();
    const env = { SMTP_URL: sink.url, MAIL_POLL_MS: '100', SLA_SWEEP_CRON: '* * * * * *' };
    a = await startTestApp({ clock, env });
    b = await startTestApp({ clock, env: { ...env, DATA_DIR: a.config.dataDir }, database: a.db });
  });
  /** Resolves once the instance's scheduled sweep has finished `n` more times. */
  const sweeps = (x: TestApp, n: number) =>
    new Promise<void>((resolve) => {
      let seen = 0;
      x.app.get(SlaSweepJob).observe(() => {
        if (++seen === n) resolve();
      });
    });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await sink.stop();
  });

  it('mails each supervisor once per breach', async () => {
    const supervisors = [await a.createStaff([Role.Supervisor]), await a.createStaff([Role.Supervisor])];
    await a.createStaff([Role.Custodian]);
    for (let i = 0; i < REPORTS; i++) {
      await request((i % 2 ? a : b).url)
        .post('/api/v1/reports')
        .send({ category: 'corruption', title: `Laporan ${i}`, description: 'Anggaran perjalanan dinas dibayarkan untuk perjalanan yang tidak pernah ada.', anonymous: true, consent: 'yes' })
        .expect(201);
    }
    await sink.waitFor(/^Laporan baru/, REPORTS * 2);

    // Thursday 5 November, 09:00: the deadlines (end of Thursday) are one working day away.
    clock.set(new Date('2026-11-05T01:00:00Z'));
    await sink.waitFor(/^Pengingat/, REPORTS * 2, 20_000);
    // Friday 6 November, 09:00: every verification deadline has passed.
    clock.set(new Date('2026-11-06T01:00:00Z'));
    const breaches = await sink.waitFor(/terlewati$/, REPORTS * 2, 20_000);
    // Two more sweeps on each instance (each took the lock or found it taken) find nothing new.
    await Promise.all([a, b].map((x) => sweeps(x, 2)));
    await untilIdle([a, b]);
    expect(sink.matching(/terlewati$/)).toHaveLength(REPORTS * 2);
    expect(sink.matching(/^Pengingat/)).toHaveLength(REPORTS * 2);
    const perSupervisorAndCase = new Set(breaches.map((m) => `${m.to.join()} ${m.subject}`));
    expect(perSupervisorAndCase.size).toBe(REPORTS * 2);
    expect(new Set(breaches.flatMap((m) => m.to))).toEqual(new Set(supervisors.map((s) => s.email)));
    expect(await a.db.query(`SELECT count(*)::int AS n FROM sla_breaches`)).toEqual([{ n: REPORTS }]);
    // Both instances did sweep (each took the lock at least once, or found it taken).
    const [{ value }] = await a.db.query<{ value: { ran: boolean } }>(`SELECT value FROM app_settings WHERE key = 'sla.last_sweep'`);
    expect(value.ran).toBe(true);
  });
});
