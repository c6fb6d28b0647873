import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { SmtpSink } from './support/smtp-sink';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
const DAY_MS = 86_400_000;

/**
 * Issue 11 (`--now` moves one thing) and issue 12 (`--now` cannot damage the real deadlines):
 * `sla:sweep --now` run as a real process beside a running server on the real clock, sharing
 * its database, DATA_DIR and SMTP server. The reference time moves what the sweep considers
 * due, and nothing else: every supervisor gets the breach notice exactly once, and no outbox,
 * delivery, audit or mail row is dated after the real time. A time ahead of the real clock is
 * refused unless it is a dry run (which writes nothing) or forced, and no simulated run writes
 * the cluster's "last sweep" record.
 */
describe('sla:sweep --now beside a running server', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  let sup1: { email: string };
  let sup2: { email: string };
  let caseNumber = '';
  // Three working days are at most about a week, even around Idul Fitri: 20 days is past due.
  const ahead = () => new Date(Date.now() + 20 * DAY_MS).toISOString();

  const cli = (...args: string[]) =>
    run(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir, SMTP_URL: sink.url, LOG_LEVEL: 'warn', PUBLIC_URL: 'https://wbs.kendarikota.go.id' },
    });
  /** Every row a sweep could write, to prove a refused or dry run wrote none. */
  const snapshot = () =>
    t.db.query(`SELECT (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM mail_queue) AS mail,
                       (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM sla_breaches) AS breaches,
                       (SELECT json_agg(d ORDER BY d.kind) FROM case_deadlines d) AS deadlines,
                       (SELECT count(*)::int FROM app_settings WHERE key = 'sla.last_sweep') AS last_sweep`);
  /** Until the server and the command have nothing left to do: no event, delivery or mail pending. */
  const settled = async () => {
    for (;;) {
      const [busy] = await t.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM outbox WHERE fanned_out_at IS NULL) + (SELECT count(*) FROM event_deliveries WHERE status = 'pending')
              + (SELECT count(*) FROM mail_queue WHERE status IN ('pending', 'sending')) + (SELECT count(*) FROM audit_log WHERE seq IS NULL) AS n`,
      );
      if (Number(busy.n) === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    await sink.start();
    // The server keeps the real clock (no FixedClock) and polls its mail often, to compete.
    t = await startTestApp({ env: { SMTP_URL: sink.url, MAIL_POLL_MS: '100', PUBLIC_URL: 'https://wbs.kendarikota.go.id' } });
    sup1 = await t.createStaff([Role.Supervisor]);
    sup2 = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    await request(t.url)
      .post('/api/v1/reports')
      .send({ category: 'illegal_levy', title: 'Pungutan', description: 'Petugas meminta uang tambahan untuk izin usaha.', anonymous: true, consent: 'yes' })
      .expect(201);
    [{ number: caseNumber }] = await t.db.query<{ number: string }>(`SELECT number FROM cases`);
    await sink.waitFor(/^Laporan baru/, 2);
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  it('refuses an impossible --now and one ahead of the real clock, and changes nothing', async () => {
    const before = await snapshot();
    await expect(cli('sla:sweep', '--now', '2026-02-30T09:00:00+08:00')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--now is not a real date and time') });
    await expect(cli('sla:sweep', '--now', '9999-12-31T09:00:00+08:00')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('years 2000 to 2200') });
    await expect(cli('sla:sweep', '--now', ahead())).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/ahead of this machine's clock.*--dry-run.*--force/s) });
    await expect(cli('sla:sweep', '--force')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--force goes with --now') });
    expect(await snapshot()).toEqual(before);
  });

  it('--dry-run prints what would be sent and writes nothing', async () => {
    const before = await snapshot();
    const out = await cli('sla:sweep', '--now', ahead(), '--dry-run');
    expect(out.stdout).toMatch(/^Dry run as of .*nothing written or sent: 0 reminders, 1 breaches, 0 repeat notices would go out/);
    expect(out.stdout).toMatch(new RegExp(`breach\\s+${caseNumber}\\s+verification .* to every supervisor`));
    // Without --now, as of now: nothing is due yet.
    expect((await cli('sla:sweep', '--dry-run')).stdout).toMatch(/nothing written or sent: 0 reminders, 0 breaches, 0 repeat notices/);
    expect(await snapshot()).toEqual(before);
  });

  it('--force acts as of that time, mails each supervisor once, and dates nothing after the real time', async () => {
    const startedAt = new Date();
    const asOf = ahead();
    const out = await cli('sla:sweep', '--now', asOf, '--force');
    expect(out.stderr).toMatch(/^WARNING: --now .* ahead .* --force given/);
    expect(out.stdout).toMatch(/1 breaches/);
    await settled();
    const realNow = new Date();

    const breaches = sink.matching(/terlewati$/);
    expect(breaches.flatMap((m) => m.to).sort()).toEqual([sup1.email, sup2.email].sort());
    // The job's own rows carry its reference time; everything else the real one.
    const [breach] = await t.db.query<{ breached_at: Date }>(`SELECT breached_at FROM sla_breaches`);
    expect(breach.breached_at).toEqual(new Date(asOf));
    const [latest] = await t.db.query<Record<string, Date | null>>(
      `SELECT (SELECT max(occurred_at) FROM outbox) AS outbox_occurred, (SELECT max(fanned_out_at) FROM outbox) AS outbox_fanned,
              (SELECT max(greatest(next_attempt_at, last_attempt_at, done_at)) FROM event_deliveries) AS deliveries,
              (SELECT max(at) FROM audit_log) AS audit,
              (SELECT max(greatest(created_at, sent_at, next_attempt_at)) FROM mail_queue) AS mail`,
    );
    for (const [what, at] of Object.entries(latest)) {
      expect({ what, future: at! > realNow }).toEqual({ what, future: false });
      expect(at!.getTime()).toBeGreaterThan(startedAt.getTime() - 60 * DAY_MS);
    }
    // The audit entry of the breach is dated now and names the time it was swept as of.
    const [entry] = await t.db.query<{ at: Date; detail: string }>(`SELECT at, detail FROM audit_log WHERE action = 'sla.deadline-breached'`);
    expect(entry.at >= startedAt && entry.at <= realNow).toBe(true);
    expect(JSON.parse(entry.detail)).toMatchObject({ asOf: new Date(asOf).toISOString(), escalation: 0 });
    // A simulated run is not the cluster's last sweep (/health reads that record).
    expect(await t.db.query(`SELECT key FROM app_settings WHERE key = 'sla.last_sweep'`)).toEqual([]);

    // Run again: nothing more goes out.
    const again = await cli('sla:sweep', '--now', asOf, '--force');
    expect(again.stdout).toMatch(/0 reminders, 0 breaches, 0 repeat notices/);
    await settled();
    expect(sink.matching(/terlewati$/)).toHaveLength(2);
  });

  it('a sweep without --now is the real one and records itself as the last sweep', async () => {
    const before = new Date();
    const out = await cli('sla:sweep');
    expect(out.stdout).toMatch(/^SLA sweep at /);
    const [{ value }] = await t.db.query<{ value: { at: string } }>(`SELECT value FROM app_settings WHERE key = 'sla.last_sweep'`);
    expect(new Date(value.at) >= before && new Date(value.at) <= new Date()).toBe(true);
  });
});
