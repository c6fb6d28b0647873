import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { promisify } from 'node:util';
import { until as waitUntil } from './support/until';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

/**
 * The embedded default (no DATABASE_URL), as `npm start` runs it from the compiled app: data
 * survives a restart and a `kill -9` of the app, and the CLI works beside a running server.
 */
const ROOT = path.join(__dirname, '..');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const run = promisify(execFile);
const METRICS_TOKEN = 'embedded-database-test-metrics-token-0123456789';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-embedded-'));
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), KDF_MEMORY_KIB: '8192', LOG_LEVEL: 'warn', METRICS_TOKEN } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  let server: ChildProcess | null = null;
  let output = '';

  beforeAll(() => {
    if (!fs.existsSync(MAIN)) throw new Error('Build first (npm test runs `npm run build`).');
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    // Stop a server left by a failed test, then remove the data.
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      const alive = () => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (alive()) process.kill(pid, 'SIGINT');
      // A fast shutdown takes moments; its files are removed only once it has exited.
      for (const deadline = Date.now() + 30_000; alive() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function start(): ChildProcess {
    output = '';
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    return child;
  }

  async function healthy(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not become healthy:\n${output}`);
  }

  function readPostmasterPid(): number | null {
    try {
      return Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  }

  function postmasterPid(): number {
    const pid = readPostmasterPid();
    if (!pid) throw new Error('the embedded database is not running');
    return pid;
  }

  const until = (what: string, done: () => Promise<boolean>, timeoutMs?: number) => waitUntil(what, done, { timeoutMs, context: () => output });

  /** Start-up is over once the framed notice has been printed (the escrow key file is in DATA_DIR). */
  async function notice(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!/={78}\n[^]*={78}\n/.test(output)) {
      if (Date.now() > deadline) throw new Error(`no start-up notice:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function signIn(email: string): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'teluk kendari pagi hari' }),
    });
    return res.status;
  }

  it('starts on a fresh data directory, printing the first admin once', async () => {
    server = start();
    await healthy();
    await notice();
    expect(output).toMatch(/password\s+[a-z2-9]{5}(-[a-z2-9]{5}){3}\n/);
    expect(output).toContain(`Escrow private key in ${path.join(dataDir, 'secrets')}`);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  });

  it('lets the CLI create staff while the server runs, on the same database', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'staff:create', '--email', 'irban@kendarikota.go.id', '--name', 'Irban', '--roles', 'supervisor', '--password', 'teluk kendari pagi hari'], {
      env,
    });
    expect(stdout).toContain('Created staff member irban@kendarikota.go.id');
    expect(await signIn('irban@kendarikota.go.id')).toBe(200);
  });

  it('survives a kill -9 of the app: the next start takes the database over and keeps the data', async () => {
    server!.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    server = start();
    await healthy();
    await notice(); // the key file is still there: the reminder, but no password (not a fresh database)
    expect(output).not.toMatch(/password\s+[a-z2-9]{5}-/);
    expect(await signIn('irban@kendarikota.go.id')).toBe(200);
  });

  it('keeps serving after a CLI command ran beside the restarted server (the command leaves the database running)', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'audit:verify'], { env });
    expect(stdout).toMatch(/audit/i);
    expect(isAlive(postmasterPid())).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    expect(await signIn('irban@kendarikota.go.id')).toBe(200);
  });

  it('brings the database back by itself when it is killed, and counts it', async () => {
    const pid = postmasterPid();
    process.kill(pid, 'SIGKILL');
    await until('the killed database to be gone', async () => !isAlive(pid));
    await until(
      'the database to be back',
      async () => {
        const next = readPostmasterPid();
        return (
          next !== null &&
          next !== pid &&
          (await fetch(`http://127.0.0.1:${port}/api/v1/meta/categories`).then(
            (r) => r.status,
            () => 0,
          )) === 200
        );
      },
      30_000,
    );
    // The supervisor counts the restart once its own start returns, a moment after the database answers.
    const restarts = async () =>
      /^wbs_embedded_database_restarts_total (\d+)$/m.exec(await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text())?.[1];
    await until('the restart to be counted', async () => (await restarts()) !== '0');
    expect(await restarts()).toBe('1');
    expect(output).toMatch(/embedded PostgreSQL stopped unexpectedly/);
  });

  it('stops in order on SIGTERM under load: no request fails with a 5xx, exit 0, then the database stops', async () => {
    const statuses: number[] = [];
    let stopped = false;
    const client = async () => {
      while (!stopped) {
        try {
          statuses.push((await fetch(`http://127.0.0.1:${port}/api/v1/meta/categories`)).status);
        } catch {
          return; // the listener has closed: refused, never answered with an error
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await until('requests to flow', async () => statuses.length >= 40);
    const pid = postmasterPid();
    server!.kill('SIGTERM');
    const code = await new Promise((r) => server!.once('exit', r));
    stopped = true;
    await Promise.all(clients);
    expect(code).toBe(0);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('chooses a free port when the saved one is taken, and says so', async () => {
    const settings = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres.json'), 'utf8')) as { port: number };
    const squatter = net.createServer().listen(settings.port, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      server = start();
      await healthy();
      expect(output).toContain(`port ${settings.port} of the embedded PostgreSQL is taken by another program`);
      expect(await signIn('irban@kendarikota.go.id')).toBe(200);
    } finally {
      squatter.close();
    }
    server.kill('SIGTERM');
    expect(await new Promise((r) => server!.once('exit', r))).toBe(0);
  });

  it('refuses a wrong setting with a message naming it', async () => {
    await expect(run(process.execPath, [MAIN], { env: { ...env, PORT: 'eighty' } })).rejects.toMatchObject({
      stderr: expect.stringContaining('Invalid setting PORT'),
    });
  });
});
