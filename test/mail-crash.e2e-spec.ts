import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from './support/database';
import { freePort } from './support/free-port';
import { SmtpSink } from './support/smtp-sink';
import { until } from './support/until';

jest.setTimeout(120_000);

const MAIN = path.join(__dirname, '..', 'dist', 'src', 'main.js');
const MAILS = 30;
const KILL_AT = 5;

/**
 * The app as `npm start` runs it, in a process of its own so the test can kill it with SIGKILL:
 * a crash, not a stop. Both instances share one database and DATA_DIR (a restart).
 */
function startServer(env: NodeJS.ProcessEnv, output: string[]): ChildProcess {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('Mail delivery across a crash', () => {
  const sink = new SmtpSink();
  const output: string[] = [];
  let db: TestDatabase;
  let dataDir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await sink.start();
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-mail-crash-'));
  });

  afterAll(async () => {
    for (const c of children) {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await exited(c);
      }
    }
    await sink.stop();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends at most one mail twice when the server is killed mid-batch', async () => {
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      SMTP_URL: sink.url,
      MAIL_POLL_MS: '100',
      KDF_MEMORY_KIB: '8192',
      STAFF_2FA: 'optional',
      SLA_SWEEP_CRON: 'off',
      MAIL_DIGEST_CRON: 'off',
      RETENTION_CRON: 'off',
      LOG_LEVEL: 'warn',
    };
    const first = startServer({ ...env, PORT: String(await freePort()) }, output);
    children.push(first);
    const admin = await until('the first start to create the administrator', async () => (await db.query<{ id: string }>(`SELECT id FROM staff`))[0], { context: () => output.join('').slice(-3000) });

    // One batch's worth and more, queued at once, as a burst of notices would be.
    const ids = Array.from({ length: MAILS }, () => randomUUID());
    sink.onReceived = () => {
      if (sink.mails.length === KILL_AT) first.kill('SIGKILL'); // the server dies before it hears "250 OK"
    };
    await db.query(
      `INSERT INTO mail_queue (id, staff_id, notice, facts, urgent, status, next_attempt_at, created_at)
       SELECT id, $2, 'case-assigned', jsonb_build_object('notice', 'case-assigned', 'caseId', id, 'caseNumber', 'WBS-2026-' || lpad(n::text, 5, '0'), 'path', '/staff/cases'), true, 'pending', now(), now()
         FROM unnest($1::uuid[]) WITH ORDINALITY AS x (id, n)`,
      [ids, admin.id],
    );
    await exited(first);
    sink.onReceived = null;

    // The dead server's claims last for their lease; time passes until it has run out.
    await db.query(`UPDATE mail_queue SET next_attempt_at = now() WHERE status = 'sending'`);
    const second = startServer({ ...env, PORT: String(await freePort()) }, output);
    children.push(second);
    await until('every mail to be recorded as sent', async () => (await db.query<{ n: string }>(`SELECT count(*) AS n FROM mail_queue WHERE status = 'sent'`))[0].n === String(MAILS), {
      context: () => output.join('').slice(-3000),
    });
    second.kill('SIGTERM');
    await exited(second);

    // Every queued mail arrived; the one in flight at the crash may have arrived twice, no other.
    const messageIds = sink.mails.map((m) => /^Message-ID: <([^@>]+)@/im.exec(m.raw)![1]);
    expect(new Set(messageIds)).toEqual(new Set(ids));
    expect(messageIds.length - MAILS).toBeLessThanOrEqual(1);
  });
});
