import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

/**
 * The embedded default (no DATABASE_URL), as `npm start` runs it from the compiled app: data
 * survives a restart and a `kill -9` of the app, and the CLI works beside a running server.
 */
const ROOT = path.join(__dirname, '..');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const run = promisify(execFile);

describe('embedded PostgreSQL default', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-embedded-'));
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), KDF_MEMORY_KIB: '8192', LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv;
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
      for (const deadline = Date.now() + 30_000; alive() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
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
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not become healthy:\n${output}`);
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
    expect(output).toMatch(/one-time password:\s+\S+/);
    expect(output).toMatch(/ESCROW PRIVATE KEY/);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  });

  it('lets the CLI create staff while the server runs, on the same database', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'staff:create', '--email', 'irban@kendarikota.go.id', '--name', 'Irban', '--roles', 'supervisor', '--password', 'teluk kendari pagi hari'], { env });
    expect(stdout).toContain('Created staff member irban@kendarikota.go.id');
    expect(await signIn('irban@kendarikota.go.id')).toBe(200);
  });

  it('survives a kill -9 of the app: the next start reuses the database and keeps the data', async () => {
    server!.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    server = start();
    await healthy();
    expect(output).not.toMatch(/one-time password/); // not a fresh database
    expect(await signIn('irban@kendarikota.go.id')).toBe(200);
  });

  it('stops the adopted database when the app stops', async () => {
    server!.kill('SIGTERM');
    const code = await new Promise((r) => server!.once('exit', r));
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('refuses a wrong setting with a message naming it', async () => {
    await expect(run(process.execPath, [MAIN], { env: { ...env, PORT: 'eighty' } })).rejects.toMatchObject({
      stderr: expect.stringContaining('Invalid setting PORT'),
    });
  });
});
