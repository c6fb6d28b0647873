'use strict';
/**
 * Bench server: the real, compiled app (dist/) in its own process, on a fresh database, with
 * one extra route GET /bench/bare on the same Express instance as the baseline to compare
 * against. Started by a bench (see bench/lib/server-process.js); talks to it over IPC only.
 *
 * Environment (set by the parent):
 *   BENCH_SERVER_URL  PostgreSQL server to create the database on (a URL whose path is an
 *                     existing database to connect to, e.g. /postgres)
 *   BENCH_DB_NAME     name of the database to create (wbs_bench_<hex>); dropped on exit
 *   BENCH_KEEP        '1': the database (wbs_bench_kept_<bench>) and BENCH_DATA_DIR are reused
 *                     when there and kept on exit (see startServer's `keep`)
 * Every other variable is passed to loadConfig as usual, with DATA_DIR, DATABASE_URL, PORT,
 * RATE_LIMIT_REPORT and LOG_LEVEL overridden.
 *
 * IPC, parent -> child: { id, cmd, args? }; child -> parent: { type: 'ready', port, supervisor,
 * tzName } once (supervisor: { email, password } to sign in with), then { id, result } or
 * { id, error } per command. Commands:
 *   stats, counts, stop
 *   fileCases { cases: [{ at, categoryCode, opdCode, channel, report }] }: files each case
 *     through the app's own CaseStore.file (real encryption, content key sealed to the bench
 *     supervisor) with the given submission time; returns the new case ids in order
 *   captureStart / captureStop: record every DataSource.query and pooled prepared query (text and parameters) made between
 *     the two, so a bench can EXPLAIN exactly the SQL the app sent
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const DIST = path.join(__dirname, '..', 'dist', 'src');
require('reflect-metadata');
const { Client } = require('pg');
const pino = require('pino');
const { openDatabase, createWebApp } = require(path.join(DIST, 'bootstrap.js'));
const { loadConfig } = require(path.join(DIST, 'platform', 'config', 'app-config.js'));
const { createLogger } = require(path.join(DIST, 'platform', 'logging', 'logger.js'));
const { StaffService } = require(path.join(DIST, 'staff', 'staff.service.js'));
const { IntakeService } = require(path.join(DIST, 'intake', 'intake.service.js'));
const { Role } = require(path.join(DIST, 'staff', 'role.js'));
const { CaseStore } = require(path.join(DIST, 'cases', 'case-store.js'));
const { DataSource } = require('typeorm');

const serverUrl = process.env.BENCH_SERVER_URL;
const dbName = process.env.BENCH_DB_NAME;
const kept = process.env.BENCH_KEEP === '1';
if (!serverUrl || !dbName || !(kept ? /^wbs_bench_kept_[a-z]+$/ : /^wbs_bench_[0-9a-f]+$/).test(dbName) || (kept && !process.env.BENCH_DATA_DIR)) {
  process.stderr.write('bench/server.js: BENCH_SERVER_URL and BENCH_DB_NAME (wbs_bench_<hex>, or wbs_bench_kept_<bench> with BENCH_KEEP and BENCH_DATA_DIR) are required\n');
  process.exit(2);
}
if (!process.send) {
  process.stderr.write('bench/server.js must be started with an IPC channel (child_process.fork)\n');
  process.exit(2);
}

const BENCH_PASSWORD = 'teluk kendari pagi hari bench';
const SUPERVISOR_EMAIL = 'bench-supervisor@kendarikota.go.id';
const CLOSE_TIMEOUT_MS = 8_000;

let app = null;
let db = null;
let dbCreated = false;
let dataDir = null;
let stopping = null;
/** Successful IntakeService.submit calls, counted on the server (see counts()). */
let submitted = 0;
let submitFailed = 0;
let cpuMark = process.cpuUsage();
let wallMark = process.hrtime.bigint();

function dbUrl() {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function admin(sql) {
  const c = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

function procStatus() {
  const out = {};
  try {
    for (const line of fs.readFileSync('/proc/self/status', 'utf8').split('\n')) {
      const m = /^(VmRSS|VmHWM):\s+(\d+) kB/.exec(line);
      if (m) out[m[1]] = Number(m[2]) * 1024;
    }
  } catch {
    /* not Linux */
  }
  return out;
}

/** Memory now, and CPU used since the previous call (as a share of one core). */
function stats() {
  const mem = process.memoryUsage();
  const st = procStatus();
  const cpu = process.cpuUsage(cpuMark);
  const now = process.hrtime.bigint();
  const wallUs = Number(now - wallMark) / 1000;
  cpuMark = process.cpuUsage();
  wallMark = now;
  return {
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    vmHWM: st.VmHWM ?? null,
    cpuShareOfOneCore: wallUs > 0 ? (cpu.user + cpu.system) / wallUs : null,
  };
}

async function counts() {
  const c = new Client({ connectionString: dbUrl(), connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    const one = async (sql) => Number((await c.query(sql)).rows[0].n);
    return {
      cases: await one('SELECT count(*) AS n FROM cases'),
      caseKeys: await one('SELECT count(*) AS n FROM case_keys'),
      outbox: await one('SELECT count(*) AS n FROM outbox'),
      outboxPending: await one('SELECT count(*) AS n FROM outbox WHERE fanned_out_at IS NULL'),
      deliveriesPending: await one(`SELECT count(*) AS n FROM event_deliveries WHERE status = 'pending'`),
      mailPending: await one(`SELECT count(*) AS n FROM mail_queue WHERE status IN ('pending', 'sending')`),
      mailSent: await one(`SELECT count(*) AS n FROM mail_queue WHERE status = 'sent'`),
      submitted,
      submitFailed,
      // The app's own pool connections (application_name 'wbs'), by state: shows a pool that is
      // exhausted or stuck in transactions when requests time out.
      appConnections: Object.fromEntries(
        (
          await c.query(
            `SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'wbs' GROUP BY 1 ORDER BY 1`,
          )
        ).rows.map((r) => [r.state, r.n]),
      ),
    };
  } finally {
    await c.end();
  }
}

/** Files real cases through CaseStore.file, one transaction per call; see the header. */
async function fileCases({ cases }) {
  const store = app.get(CaseStore);
  const ds = app.get(DataSource);
  const ids = [];
  await ds.transaction(async (m) => {
    for (const c of cases) {
      const filed = await store.file(m, {
        categoryCode: c.categoryCode,
        opdCode: c.opdCode,
        channel: c.channel,
        report: c.report,
        identity: null,
        attachments: [],
        at: new Date(c.at),
      });
      ids.push(filed.caseId);
    }
  });
  return { ids };
}

/** Query capture (captureStart/captureStop): installed only while asked for, so other benches run unwrapped. */
let captured = null;
/** Parameters as the bench's EXPLAIN sends them again: instants in ISO form, bytea as hex. */
function capturedParams(params) {
  return (params ?? []).map((v) => (v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? { bytea: v.toString('hex') } : v));
}
function captureStart() {
  const ds = app.get(DataSource);
  if (captured) return { capturing: true };
  captured = [];
  const hadOwn = Object.prototype.hasOwnProperty.call(ds, 'query');
  const original = ds.query;
  ds.query = function capturingQuery(sql, params, ...rest) {
    if (captured) {
      captured.push({
        sql,
        params: capturedParams(params),
      });
    }
    return original.call(this, sql, params, ...rest);
  };
  // Hot queries go to the pool as named prepared statements (src/platform/database/prepared-query.ts).
  const pool = ds.driver.master;
  const poolHadOwn = Object.prototype.hasOwnProperty.call(pool, 'query');
  const poolQuery = pool.query;
  pool.query = function capturingPoolQuery(config, values, ...rest) {
    if (captured && config && typeof config === 'object' && typeof config.text === 'string') {
      captured.push({ sql: config.text, params: capturedParams(config.values) });
    }
    return poolQuery.call(this, config, values, ...rest);
  };
  ds.query.restore = () => {
    if (hadOwn) ds.query = original;
    else delete ds.query;
    if (poolHadOwn) pool.query = poolQuery;
    else delete pool.query;
  };
  return { capturing: true };
}
function captureStop() {
  const ds = app.get(DataSource);
  const out = captured ?? [];
  captured = null;
  if (typeof ds.query.restore === 'function') ds.query.restore();
  return { queries: out };
}

async function cleanup() {
  if (stopping) return stopping;
  stopping = (async () => {
    const errors = [];
    // Bounded: with requests stuck on the database, app.close() waits for them forever.
    if (app) {
      await Promise.race([
        app.close().catch((e) => errors.push(`app.close: ${e.message}`)),
        new Promise((resolve) =>
          setTimeout(() => {
            errors.push(`app.close() did not finish within ${CLOSE_TIMEOUT_MS / 1000} s (requests stuck?); dropping the database anyway`);
            resolve();
          }, CLOSE_TIMEOUT_MS).unref(),
        ),
      ]);
    }
    if (db) await db.stop().catch((e) => errors.push(`db.stop: ${e.message}`));
    if (dbCreated) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e) => errors.push(`drop database: ${e.message}`));
    if (dataDir && !kept) fs.rmSync(dataDir, { recursive: true, force: true });
    for (const e of errors) process.stderr.write(`bench/server.js cleanup: ${e}\n`);
  })();
  return stopping;
}

async function start() {
  const reused = kept && (await admin(`SELECT 1 FROM pg_database WHERE datname = '${dbName}'`)).rows.length > 0;
  if (!reused) await admin(`CREATE DATABASE ${dbName}`);
  // A kept database and its directory (the deployment secrets its keys need) outlive the run.
  dbCreated = !kept;
  if (kept) fs.mkdirSync(process.env.BENCH_DATA_DIR, { recursive: true, mode: 0o700 });
  dataDir = kept ? process.env.BENCH_DATA_DIR : fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-bench-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: dbUrl(),
    DATA_DIR: dataDir,
    PORT: '0',
    // The limit accepts at most 1,000,000 a minute per client; a bench run sends far fewer.
    RATE_LIMIT_REPORT: '1000000',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
  });
  const logger = createLogger(config.logLevel, pino.destination({ fd: 2, sync: false }));
  db = await openDatabase(config, logger);
  app = await createWebApp({ config, logger, databaseUrl: db.url });

  // The baseline: the same process, Express instance and global middleware (security headers,
  // cookie and body parsers), but no Nest routing, guard, validation or database.
  app.use('/bench/bare', (_req, res) => res.json({ ok: true }));

  // Count completed submissions on the server side: autocannon drops the requests still in
  // flight when its time is up, but the server stores them anyway.
  const intake = app.get(IntakeService);
  const submit = intake.submit.bind(intake);
  intake.submit = async (...args) => {
    try {
      const r = await submit(...args);
      submitted++;
      return r;
    } catch (e) {
      submitFailed++;
      throw e;
    }
  };

  await app.listen(0, '127.0.0.1');
  const port = app.getHttpServer().address().port;

  // Intake is open only with a supervisor and a custodian to seal the case keys to.
  // (A reused database has them from its first run.)
  const staff = app.get(StaffService);
  if (!reused) {
    await staff.create({ email: SUPERVISOR_EMAIL, name: 'Bench Supervisor', roles: [Role.Supervisor], password: BENCH_PASSWORD });
    await staff.create({ email: 'bench-custodian@kendarikota.go.id', name: 'Bench Custodian', roles: [Role.Custodian], password: BENCH_PASSWORD });
  }

  const bare = await fetch(`http://127.0.0.1:${port}/bench/bare`, { signal: AbortSignal.timeout(5000) });
  const body = await bare.text();
  if (bare.status !== 200 || body !== '{"ok":true}') throw new Error(`GET /bench/bare answered ${bare.status} ${body.slice(0, 200)}`);
  if (!(await intake.isOpen())) throw new Error('intake is closed after creating a supervisor and a custodian');
  stats(); // reset the CPU mark
  process.send({ type: 'ready', port, dbName, dataDir, supervisor: { email: SUPERVISOR_EMAIL, password: BENCH_PASSWORD }, tzName: config.tzName, reused });
}

process.on('message', (msg) => {
  if (!msg || typeof msg !== 'object') return;
  const reply = (p) => {
    if (process.connected) process.send({ id: msg.id, ...p });
  };
  const run = async () => {
    if (msg.cmd === 'stats') return stats();
    if (msg.cmd === 'counts') return counts();
    if (msg.cmd === 'fileCases') return fileCases(msg.args);
    if (msg.cmd === 'captureStart') return captureStart();
    if (msg.cmd === 'captureStop') return captureStop();
    if (msg.cmd === 'stop') {
      await cleanup();
      return { stopped: true };
    }
    throw new Error(`unknown command ${msg.cmd}`);
  };
  run().then(
    (result) => {
      reply({ result });
      if (msg.cmd === 'stop') setImmediate(() => process.exit(0));
    },
    (e) => reply({ error: e instanceof Error ? e.message : String(e) }),
  );
});

// The parent went away (crash, Ctrl-C): clean up and leave.
process.on('disconnect', () => {
  cleanup().finally(() => process.exit(0));
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup().finally(() => process.exit(0));
  });
}

start().catch((e) => {
  process.stderr.write(`bench/server.js failed to start: ${e && e.stack ? e.stack : e}\n`);
  if (process.connected) process.send({ type: 'failed', error: e instanceof Error ? e.message : String(e) });
  cleanup().finally(() => process.exit(1));
});
