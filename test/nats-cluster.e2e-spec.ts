import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { createTestDatabase, TestDatabase } from './support/database';
import { untilIdle } from './support/idle';
import { SmtpSink } from './support/smtp-sink';
import { freePort } from './support/free-port';
import { until as waitUntil } from './support/until';

jest.setTimeout(180_000);

const MAIN = path.join(__dirname, '..', 'dist', 'src', 'main.js');
const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const REPORTS = 200;

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A NATS server with JetStream of this test's own, so it can be restarted mid-test. */
class NatsServer {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {}
  async start(): Promise<void> {
    this.child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    await waitForPort(this.port);
  }
  /** NATS coming back without its data: a lost disk, a new container without its volume. */
  async restartEmpty(): Promise<void> {
    await this.stop();
    fs.rmSync(this.storeDir, { recursive: true, force: true });
    fs.mkdirSync(this.storeDir);
    await this.start();
  }
  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  }
}

/**
 * Issue 6: EVENT_TRANSPORT=nats with two web instances (WBS_MODULES=web) and one notifications
 * process (WBS_MODULES=notifications, its own process, no HTTP) on one database. 200 reports are
 * spread over both web instances and NATS is restarted in the middle: every new-report e-mail
 * arrives exactly once.
 */
describe('events over NATS JetStream, with notifications in their own process', () => {
  const sink = new SmtpSink();
  let nats: NatsServer;
  let db: TestDatabase;
  let dataDir = '';
  let a: TestApp;
  let b: TestApp;
  let notifications: ChildProcess | null = null;
  let notificationsLog = '';
  let env: Record<string, string> = {};

  function startNotifications(): void {
    notifications = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...env, WBS_MODULES: 'notifications', LOG_LEVEL: 'warn', MAIL_POLL_MS: '200', KDF_MEMORY_KIB: '8192' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    notifications.stdout!.on('data', (d: Buffer) => (notificationsLog += d.toString()));
    notifications.stderr!.on('data', (d: Buffer) => (notificationsLog += d.toString()));
  }

  async function stopNotifications(): Promise<void> {
    const child = notifications;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  const submit = (i: number) =>
    request((i % 2 ? a : b).url)
      .post('/api/v1/reports')
      .send({ category: 'corruption', title: `Laporan ${i}`, description: 'Dana hibah dipotong sebelum diserahkan kepada penerima.', anonymous: true, consent: 'yes' })
      .expect(201);

  async function count(sql: string): Promise<number> {
    return (await db.query<{ n: number }>(sql))[0].n;
  }

  const until = (what: string, done: () => Promise<boolean>) => waitUntil(what, done, { timeoutMs: 90_000, context: () => `Notifications process:\n${notificationsLog.slice(-3000)}` });

  beforeAll(async () => {
    await sink.start();
    const natsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-nats-'));
    nats = new NatsServer(await freePort(), natsDir);
    await nats.start();
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-cluster-'));
    env = { DATA_DIR: dataDir, EVENT_TRANSPORT: 'nats', NATS_URL: `nats://127.0.0.1:${nats.port}`, SMTP_URL: sink.url, RATE_LIMIT_REPORT: '1000' };
    a = await startTestApp({ database: db, env: { ...env, WBS_MODULES: 'web' } });
    b = await startTestApp({ database: db, env: { ...env, WBS_MODULES: 'web' } });
    env = { ...env, DATABASE_URL: db.url };
    startNotifications();
  });

  afterAll(async () => {
    await stopNotifications();
    await b?.close();
    await a?.close();
    await nats?.stop();
    await sink.stop();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every new-report e-mail exactly once, through a NATS restart', async () => {
    const supervisor = await a.createStaff([Role.Supervisor]);
    await a.createStaff([Role.Custodian]);

    for (let i = 0; i < REPORTS / 2; i++) await submit(i);
    await nats.stop(); // submissions go on; the outbox keeps the events
    for (let i = REPORTS / 2; i < (REPORTS * 3) / 4; i++) await submit(i);
    await nats.start();
    for (let i = (REPORTS * 3) / 4; i < REPORTS; i++) await submit(i);

    let mails;
    try {
      mails = await sink.waitFor(/^Laporan baru/, REPORTS, 90_000);
    } catch (e) {
      console.log(notificationsLog.slice(-3000));
      throw e;
    }
    // Every relayed event delivered to each web instance's subscribers, no mail left to send.
    await untilIdle([a, b]);
    expect(sink.matching(/^Laporan baru/)).toHaveLength(REPORTS);
    const numbers = new Set(mails.map((m) => /WBS-\d{4}-\d+/.exec(m.subject)![0]));
    expect(numbers.size).toBe(REPORTS);
    expect(new Set(mails.flatMap((m) => m.to))).toEqual(new Set([supervisor.email]));

    expect(await db.query(`SELECT count(*)::int AS n FROM outbox WHERE fanned_out_at IS NULL`)).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM event_deliveries WHERE status <> 'done'`)).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM event_deliveries WHERE subscriber = 'notifications.mail-new-report'`)).toEqual([{ n: REPORTS }]);
    // The audit recorder ran in the web instances: one entry per report, not two.
    expect(await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'intake.report-submitted'`)).toEqual([{ n: REPORTS }]);
  });

  it('relays again, and loses no event, when NATS comes back with an empty store', async () => {
    const before = sink.matching(/^Laporan baru/).length;
    // Events relayed while no process consumes the mail notices live only in NATS's store …
    await stopNotifications();
    for (let i = 0; i < 10; i++) await submit(1000 + i);
    await until('the new events to be relayed to NATS', async () => (await count(`SELECT count(*)::int AS n FROM outbox WHERE fanned_out_at IS NULL`)) === 0);
    // … which is then lost.
    await nats.restartEmpty();
    for (let i = 10; i < 20; i++) await submit(1000 + i);
    startNotifications();

    await until(
      'a notice for each of the 20 reports',
      async () => (await count(`SELECT count(*)::int AS n FROM event_deliveries WHERE subscriber = 'notifications.mail-new-report'`)) === REPORTS + 20,
    );
    await until('every notice to be sent', async () => (await count(`SELECT count(*)::int AS n FROM mail_queue WHERE status <> 'sent'`)) === 0);
    const mails = sink.matching(/^Laporan baru/).slice(before);
    expect(mails).toHaveLength(20);
    expect(new Set(mails.map((m) => /WBS-\d{4}-\d+/.exec(m.subject)![0])).size).toBe(20);
    await until('the audit entries of the 20 reports', async () => (await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'intake.report-submitted'`)) === REPORTS + 20);
  });
});
