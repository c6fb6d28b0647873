import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEscrowKeyText } from '../src/staff/escrow-key-file';
import { createTestDatabase, TestDatabase } from './support/database';
import { freePort } from './support/free-port';
import { keyMaterialIn } from './support/key-material';

/**
 * Issue 10 (the escrow private key never touches a log) and issue 11 (what a newcomer meets), on
 * the compiled server as `npm start` runs it: the first start writes the escrow private key to a
 * file only its owner reads, and its output (stdout, stderr), every file it leaves in DATA_DIR and
 * the database hold no trace of the key in any encoding. The first admin's one-time password comes
 * last, framed, in plain words, after start-up, outside the JSON log.
 */
const MAIN = path.join(__dirname, '..', 'dist', 'src', 'main.js');
const RULE = '='.repeat(78);

class Server {
  readonly stdout: Buffer[] = [];
  readonly stderr: Buffer[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => this.stdout.push(d));
    this.child.stderr!.on('data', (d: Buffer) => this.stderr.push(d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  out(): string {
    return Buffer.concat(this.stdout).toString('utf8');
  }

  all(): Buffer {
    return Buffer.concat([...this.stdout, ...this.stderr]);
  }

  /** Resolves once stdout shows `done`; fails if the server exits first (or never gets there). */
  waitFor(done: (stdout: string) => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.out())) return;
        this.child.stdout!.off('data', check);
        clearTimeout(limit);
        resolve();
      };
      const limit = setTimeout(() => reject(new Error(`no ${what} within 120 s:\n${this.all().toString('utf8')}`)), 120_000);
      this.child.stdout!.on('data', check);
      void this.exited.then((code) => reject(new Error(`server exited (${code}) before ${what}:\n${this.all().toString('utf8')}`)));
      check();
    });
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** The framed notice at the end of stdout (the text between the two rules), or null. */
function notice(stdout: string): string | null {
  const end = stdout.lastIndexOf(`${RULE}\n`);
  const start = stdout.lastIndexOf(`${RULE}\n`, end - 1);
  return start >= 0 && end > start ? stdout.slice(start + RULE.length + 1, end) : null;
}

/** Every file under `dir` except `skip`, with its contents. */
function filesUnder(dir: string, skip: string): { file: string; bytes: Buffer }[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => f !== skip)
    .map((file) => ({ file, bytes: fs.readFileSync(file) }));
}

describe('first start of the compiled server', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let server: Server | null = null;
  let firstOutput: Buffer;
  let keyFile: string;
  let escrowKey: Buffer;

  beforeAll(async () => {
    if (!fs.existsSync(MAIN)) throw new Error('Build first (npm test runs `npm run build`).');
    db = await createTestDatabase({ migrate: false }); // the server migrates it, as on a real first start
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-first-start-'));
    port = await freePort();
    env = { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, PORT: String(port), KDF_MEMORY_KIB: '8192', LOG_LEVEL: 'info', STAFF_2FA: 'optional' };
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the escrow private key once to a file only its owner reads, under DATA_DIR/secrets', async () => {
    server = new Server(env);
    await server.waitFor((out) => notice(out) !== null, 'start-up notice');
    const secrets = path.join(dataDir, 'secrets');
    const files = fs.readdirSync(secrets).filter((f) => f.startsWith('escrow-private-key-'));
    expect(files).toEqual([expect.stringMatching(/^escrow-private-key-[0-9a-f]{8}\.txt$/)]);
    keyFile = path.join(secrets, files[0]);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(secrets).mode & 0o777).toBe(0o700);
    escrowKey = parseEscrowKeyText(fs.readFileSync(keyFile, 'utf8'));
    expect(escrowKey).toHaveLength(32);
    const [stored] = await db.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'escrow_public_key'`);
    expect(stored.value).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('prints the one-time password last, framed, after start-up, outside the JSON log, and where the key file is', async () => {
    const out = server!.out();
    const framed = notice(out)!;
    // Start-up is over (the server listens) before the notice; the notice is the end of the output.
    const listening = out.indexOf('"msg":"WBS listening"');
    expect(listening).toBeGreaterThan(0);
    expect(out.indexOf(RULE)).toBeGreaterThan(listening);
    expect(framed).not.toContain('"level"');
    expect(framed).toMatch(/e-mail\s+admin@wbs\.local/);
    expect(framed).toContain(`address    http://localhost:${port}/staff/login`);
    const oneTime = /password\s+([a-z2-9]{5}(?:-[a-z2-9]{5}){3})/.exec(framed)![1];
    // One short line, the last of the notice, names the file and what to do with it.
    expect(framed.trimEnd().split('\n').at(-1)).toBe(`  Escrow private key in ${keyFile}: move it offline, then delete it here.`);
    // No JSON log line carries the password.
    for (const line of out.split('\n').filter((l) => l.startsWith('{'))) expect(line).not.toContain(oneTime);
    // The password printed is the real one.
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@wbs.local', password: oneTime }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mustChangePassword: true });
  });

  it('stops on SIGTERM; nothing it wrote, printed or stored holds the key in any encoding', async () => {
    expect(await server!.stop()).toBe(0);
    firstOutput = server!.all();
    server = null;
    expect(firstOutput.length).toBeGreaterThan(1000); // the log really was captured
    expect(keyMaterialIn(firstOutput, escrowKey)).toEqual([]);
    const files = filesUnder(dataDir, keyFile);
    expect(files.map((f) => path.relative(dataDir, f.file))).toEqual(expect.arrayContaining([path.join('secrets', 'receipt-secret.key')]));
    for (const { file, bytes } of files) expect({ file, found: keyMaterialIn(bytes, escrowKey) }).toEqual({ file, found: [] });
    const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    let dump = '';
    for (const { table_name } of tables) dump += (await db.query<{ r: string }>(`SELECT t::text AS r FROM "${table_name}" t`)).map((r) => r.r).join('\n');
    expect(dump).toContain('escrow_public_key');
    expect(keyMaterialIn(dump, escrowKey)).toEqual([]);
  });

  it('reminds at the next start, in the same one line, while the key file is still there; no password again', async () => {
    server = new Server(env);
    await server.waitFor((out) => notice(out) !== null, 'start-up notice');
    const framed = notice(server.out())!;
    expect(framed.trim()).toBe(`Escrow private key in ${keyFile}: move it offline, then delete it here.`);
    expect(await server.stop()).toBe(0);
    expect(keyMaterialIn(server.all(), escrowKey)).toEqual([]);
    expect(fs.readFileSync(keyFile, 'utf8')).toContain(escrowKey.toString('base64')); // left as it was
    server = null;
  });

  it('prints no notice at all once the key file has been moved away', async () => {
    fs.rmSync(keyFile);
    server = new Server(env);
    await server.waitFor((out) => out.includes('"msg":"WBS listening"'), 'listening');
    expect(await server.stop()).toBe(0);
    expect(server.out()).not.toContain(RULE);
    server = null;
  });
});
