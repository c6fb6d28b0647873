'use strict';
/**
 * Starts bench/server.js in a child process (so the load generator and the server do not share
 * an event loop) and talks to it over IPC. stop() always leaves nothing behind: it asks the
 * child to close and drop its database, kills it if it does not, and then drops the database
 * from here as well (DROP ... IF EXISTS ... WITH (FORCE)).
 */
const { fork } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function serverUrl() {
  return process.env.DATABASE_URL || DEFAULT_SERVER_URL;
}

/** The URL of a database on the benches' PostgreSQL server. */
function databaseUrl(dbName) {
  const u = new URL(serverUrl());
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function adminQuery(sql) {
  const c = new Client({ connectionString: serverUrl(), connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The `--max-…` V8 flags of package.json's start script. */
function startFlags() {
  const start = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).scripts.start;
  return start.match(/--max-[a-z-]+=\d+/g) || [];
}

/** Every server started and not yet stopped, so a signal handler can stop them all. */
const live = new Set();

/**
 * The handle: request(cmd, timeoutMs, args), stop(), port, dbName and dbUrl (the bench database,
 * for a bench's own SQL), supervisor ({ email, password } to sign in with), tzName (the app's time zone),
 * reused (the kept database was there already).
 *
 * `keep` (a bench's name): the database wbs_bench_kept_<keep> and its data directory are kept
 * after the run and reused by the next one, so a bench that seeds for minutes can be re-run on a
 * new build at once (the app's new migrations run on start as in production). Drop the database
 * and remove the directory by hand to start afresh.
 */
async function startServer({ bootTimeoutMs = 90_000, env = {}, keep = null } = {}) {
  if (keep !== null && !/^[a-z]+$/.test(keep)) throw new Error(`keep: a bench name in lower-case letters, got ${keep}`);
  const dbName = keep ? `wbs_bench_kept_${keep}` : `wbs_bench_${randomBytes(6).toString('hex')}`;
  const keptEnv = keep ? { BENCH_KEEP: '1', BENCH_DATA_DIR: path.join(os.tmpdir(), `wbs-bench-kept-${keep}`) } : {};
  const child = fork(path.join(__dirname, '..', 'server.js'), [], {
    // The V8 memory flags of `npm start` (so the bench measures what production runs), plus
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server.
    execArgv: [...startFlags(), ...(process.env.BENCH_SERVER_NODE_ARGS || '').split(' ').filter(Boolean)],
    env: { ...process.env, ...env, ...keptEnv, BENCH_SERVER_URL: serverUrl(), BENCH_DB_NAME: dbName },
    // The child's output (its log, at warn) goes to stderr so stdout carries only the figures.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  let exited = false;
  let exitInfo = null;
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });

  let nextId = 1;
  const pending = new Map();
  child.on('message', (msg) => {
    if (msg && msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`server: ${msg.error}`));
      else resolve(msg.result);
    }
  });
  child.once('exit', () => {
    for (const { reject } of pending.values()) reject(new Error(`bench server exited (${JSON.stringify(exitInfo)})`));
    pending.clear();
  });

  /** Sends a command (with optional JSON-serialisable `args`) and resolves to the child's answer. */
  function request(cmd, timeoutMs = 15_000, args = undefined) {
    if (exited || !child.connected) return Promise.reject(new Error(`bench server is not running (${JSON.stringify(exitInfo)})`));
    const id = nextId++;
    const p = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    child.send({ id, cmd, args });
    return withTimeout(p, timeoutMs, `server command ${cmd}`).finally(() => pending.delete(id));
  }

  let stopped = null;
  function stop() {
    if (stopped) return stopped;
    stopped = (async () => {
      if (!exited) {
        await request('stop', 20_000).catch(() => undefined);
        await withTimeout(exitPromise, 5_000, 'server exit').catch(() => {
          child.kill('SIGKILL');
          return withTimeout(exitPromise, 5_000, 'server exit after SIGKILL').catch(() => undefined);
        });
      }
      if (keep) {
        live.delete(handle);
        return;
      }
      // Safety net: the child may have died before dropping its database and data directory.
      if (handle.dataDir && path.basename(handle.dataDir).startsWith('wbs-bench-')) fs.rmSync(handle.dataDir, { recursive: true, force: true });
      await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e) => {
        process.stderr.write(`bench: could not drop database ${dbName}: ${e.message}\n`);
      });
      live.delete(handle);
    })();
    return stopped;
  }

  const handle = { pid: child.pid, dbName, dbUrl: databaseUrl(dbName), request, stop, port: null, dataDir: null, supervisor: null, tzName: null, reused: false };
  live.add(handle);

  try {
    const ready = await withTimeout(
      new Promise((resolve, reject) => {
        child.on('message', (msg) => {
          if (msg && msg.type === 'ready') resolve(msg);
          else if (msg && msg.type === 'failed') reject(new Error(`bench server failed to start: ${msg.error}`));
        });
        exitPromise.then((info) => reject(new Error(`bench server exited during start (${JSON.stringify(info)})`)));
      }),
      bootTimeoutMs,
      'bench server start',
    );
    handle.port = ready.port;
    handle.dataDir = ready.dataDir;
    handle.supervisor = ready.supervisor;
    handle.tzName = ready.tzName;
    handle.reused = Boolean(ready.reused);
    return handle;
  } catch (e) {
    await stop();
    throw e;
  }
}

async function stopAll() {
  await Promise.all([...live].map((h) => h.stop()));
}

/** `SHOW server_version` of the PostgreSQL server the benches use. */
async function postgresVersion() {
  try {
    return (await adminQuery('SHOW server_version')).rows[0].server_version;
  } catch (e) {
    return `unknown (${e.message})`;
  }
}

/**
 * `node bench/<name>.js`: runs one bench on its own, prints its markdown, and stops every server
 * it started whatever happens (Ctrl-C included).
 */
function runStandalone(bench) {
  const onSignal = () => stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  bench.run().then(
    (r) => {
      process.stdout.write(`${r.markdown}\n`);
      stopAll().finally(() => process.exit(0));
    },
    (e) => {
      process.stderr.write(`bench/${bench.name} crashed: ${e && e.stack ? e.stack : e}\n`);
      stopAll().finally(() => process.exit(1));
    },
  );
}

module.exports = { startServer, stopAll, postgresVersion, serverUrl, withTimeout, runStandalone };
