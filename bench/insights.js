'use strict';
/**
 * bench/insights: the statistics dashboard (GET /api/v1/stats, as the page and the exports
 * compute it) over BENCH_INSIGHTS_CASES (1,000,000) cases with their status histories,
 * assignments and SLA breaches. Target: an answer in under 200 ms (median of sequential
 * requests) for the default twelve months, one category, one month and two years.
 *
 * Seeding: set-based SQL (bench/lib/case-history-seed.js, the same as test/insights-scale),
 * then the statistics' counts are built by the real CLI (`insights:rebuild`, timed), as after
 * an upgrade; the cases filed by SQL announced no events. Printed beside the figures:
 *   - the baseline: GET /bench/bare (same process, Express instance and middleware), one at a
 *     time and under load, and the dashboard's ratio to it;
 *   - what the dashboard took before it had counts of its own: the old queries
 *     (bench/lib/insights-old-queries.js) for the default period, run straight on the database.
 *
 * Knobs: BENCH_INSIGHTS_CASES, BENCH_INSIGHTS_REQUESTS (40 per query), BENCH_INSIGHTS_CONNECTIONS
 * (4), BENCH_DURATION_S (10).
 */
const { execFile } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const { promisify } = require('node:util');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { seedCaseHistory } = require('./lib/case-history-seed');
const { DECISIONS_SQL, OPEN_BREACHES_SQL, OPEN_BY_ASSIGNEE_SQL, OPEN_BY_STATUS_SQL, SUBMISSIONS_SQL } = require('./lib/insights-old-queries');
const { startServer, withTimeout, runStandalone } = require('./lib/server-process');
const { signIn } = require('./lib/staff-api');

const run$ = promisify(execFile);
const CASES = positiveInt(process.env.BENCH_INSIGHTS_CASES, 1_000_000);
const REQUESTS = positiveInt(process.env.BENCH_INSIGHTS_REQUESTS, 40);
const CONNECTIONS = positiveInt(process.env.BENCH_INSIGHTS_CONNECTIONS, 4);
const DURATION_S = positiveInt(process.env.BENCH_DURATION_S, 10);
const TARGET_MS = 200;
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');

function positiveInt(raw, fallback) {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number >= 1, got ${raw}`);
  return n;
}
const fmt = (n, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const ms = (x) => `${fmt(x, x < 10 ? 1 : 0)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** YYYY-MM-DD of an instant in a time zone. */
function localDay(at, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** YYYY-MM plus n months. */
function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** `count` requests one after another on one kept-alive socket; latencies in ms, sorted. Any non-200 fails the bench. */
async function oneAtATime(url, token, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise((resolve, reject) => {
      const req = http.get(url, { agent, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), accept: 'application/json' }, timeout: 30_000 }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${url} answered ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`GET ${url}: timeout`)));
      req.on('error', reject);
    });
  try {
    const body = await get(); // warm-up, and a look at what came back
    const lat = [];
    for (let i = 0; i < count; i++) {
      const t = process.hrtime.bigint();
      await get();
      lat.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    lat.sort((a, b) => a - b);
    const pct = (q) => lat[Math.min(lat.length - 1, Math.ceil(q * lat.length) - 1)];
    return { p50: pct(0.5), p90: pct(0.9), max: lat[lat.length - 1], body };
  } finally {
    agent.destroy();
  }
}

function cannon(url, token, title) {
  return withTimeout(
    new Promise((resolve, reject) => {
      autocannon({ url, title, connections: CONNECTIONS, duration: DURATION_S, timeout: 30, headers: token ? { authorization: `Bearer ${token}`, accept: 'application/json' } : {} }, (err, result) =>
        err ? reject(err) : resolve(result),
      );
    }),
    (DURATION_S + 60) * 1000,
    `autocannon ${title}`,
  );
}

/** The old queries for one period, timed on the database alone (the app used to run them in parallel; the slowest counted). */
async function oldQueries(client, from, to, timeZone) {
  const months = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) months.push(`${m}-01`);
  const {
    rows: [p],
  } = await client.query(
    `SELECT ($1::date::timestamp AT TIME ZONE $3) AS start, (($2::date + 1)::timestamp AT TIME ZONE $3) AS end,
            ARRAY(SELECT (m::date::timestamp AT TIME ZONE $3) FROM unnest($4::text[]) AS m ORDER BY m) AS month_starts`,
    [from, to, timeZone, months],
  );
  const timed = async (fn) => {
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const submissions = await timed(() => client.query(SUBMISSIONS_SQL, [p.start, p.end, p.month_starts, null]));
    const decisions = await timed(async () => {
      await client.query('BEGIN');
      await client.query(`SET LOCAL work_mem = '64MB'`);
      await client.query(`SET LOCAL jit = off`);
      await client.query(DECISIONS_SQL, [p.start, p.end, null]);
      await client.query('COMMIT');
    });
    const open = await timed(() => client.query(OPEN_BY_STATUS_SQL, [null]));
    const assignees = await timed(() => client.query(OPEN_BY_ASSIGNEE_SQL, [null]));
    const breaches = await timed(() => client.query(OPEN_BREACHES_SQL, [null]));
    runs.push({ submissions, decisions, open, assignees, breaches, slowest: Math.max(submissions, decisions, open, assignees, breaches) });
  }
  return runs;
}

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  log(`insights: seeding ${fmt(CASES)} cases …`);
  // Sign-in with a password only, as bench/inbox does, whatever the deployment default for staff 2FA becomes.
  const server = await startServer({ env: { STAFF_2FA: 'optional', SLA_SWEEP_CRON: 'off', MAIL_DIGEST_CRON: 'off', RETENTION_CRON: 'off' } });
  const client = new Client({ connectionString: server.dbUrl });
  await client.connect();
  try {
    await client.query(`SET statement_timeout = 0`);
    const now = new Date();
    const seedStart = Date.now();
    await seedCaseHistory(client, CASES, now);
    const seedMs = Date.now() - seedStart;
    const moves = Number((await client.query(`SELECT count(*) AS n FROM case_status_history`)).rows[0].n);
    log(`insights: seeded in ${(seedMs / 1000).toFixed(0)} s (${fmt(moves)} status moves); building the counts with the CLI …`);

    const out = await run$(process.execPath, [CLI, 'insights:rebuild'], {
      env: { ...process.env, DATABASE_URL: server.dbUrl, DATA_DIR: server.dataDir, LOG_LEVEL: 'warn' },
      timeout: 900_000,
    });
    const rebuilt = /rebuilt from (\d+) cases and (\d+) status moves in (\d+) ms/.exec(out.stdout);
    if (!rebuilt || Number(rebuilt[1]) < CASES) throw new Error(`unexpected insights:rebuild output: ${out.stdout}`);
    await client.query(`VACUUM ANALYZE insights_counts, insights_open`);
    const countRows = Number((await client.query(`SELECT count(*) AS n FROM insights_counts`)).rows[0].n);
    const countBytes = Number((await client.query(`SELECT pg_total_relation_size('insights_counts') AS b`)).rows[0].b);
    log(`insights: counts built in ${(Number(rebuilt[3]) / 1000).toFixed(1)} s (${fmt(countRows)} rows)`);

    const base = `http://127.0.0.1:${server.port}`;
    const token = await signIn(base, server.supervisor);
    const today = localDay(now, server.tzName);
    const month = `${today.slice(0, 7)}`;
    const lastMonth = addMonths(month, -1);
    const lastMonthEnd = localDay(new Date(Date.UTC(Number(lastMonth.slice(0, 4)), Number(lastMonth.slice(5, 7)), 0, 12)), 'UTC');
    const twoYearsAgo = localDay(new Date(now.getTime() - 729 * 86_400_000), server.tzName);
    const queries = [
      ['default period (last 12 months)', ''],
      ['default period, one category', '?category=corruption'],
      ['last month', `?from=${lastMonth}-01&to=${lastMonthEnd}`],
      ['two years', `?from=${twoYearsAgo}&to=${today}`],
    ];
    const results = [];
    for (const [label, query] of queries) {
      const r = await oneAtATime(`${base}/api/v1/stats${query}`, token, REQUESTS);
      const total = JSON.parse(r.body.toString()).reports.total;
      if (typeof total !== 'number' || total < 1) throw new Error(`${label}: the dashboard counted ${JSON.stringify(total)} reports`);
      results.push({ label, total, ...r });
      log(`insights: ${label}: median ${ms(r.p50)}, p90 ${ms(r.p90)}, slowest ${ms(r.max)} (${fmt(total)} reports)`);
    }
    const bare = await oneAtATime(`${base}/bench/bare`, null, REQUESTS);
    log(`insights: baseline /bench/bare: median ${ms(bare.p50)}; ${CONNECTIONS} connections for ${DURATION_S} s each …`);
    const loadStats = await cannon(`${base}/api/v1/stats`, token, 'stats');
    const loadBare = await cannon(`${base}/bench/bare`, null, 'bare');
    if (loadStats.non2xx || loadStats.errors) throw new Error(`under load the dashboard answered ${loadStats.non2xx} non-2xx and ${loadStats.errors} errors`);
    const old = await oldQueries(client, `${addMonths(month, -11)}-01`, today, server.tzName);
    const oldSlowest = median(old.map((o) => o.slowest));
    log(`insights: the old queries for the default period: slowest of three ${ms(oldSlowest)} (median of ${old.length})`);

    const met = results.every((r) => r.p50 < TARGET_MS);
    const markdown = [
      `## Statistics dashboard (${fmt(CASES)} cases, ${fmt(moves)} status moves)`,
      '',
      `| GET /api/v1/stats, one request at a time (${REQUESTS} after a warm-up) | reports counted | median | p90 | slowest | target |`,
      `|---|---|---|---|---|---|`,
      ...results.map((r) => `| ${r.label} | ${fmt(r.total)} | **${ms(r.p50)}** | ${ms(r.p90)} | ${ms(r.max)} | < ${TARGET_MS} ms ${r.p50 < TARGET_MS ? '✓' : '✗'} |`),
      `| baseline GET /bench/bare | | ${ms(bare.p50)} | ${ms(bare.p90)} | ${ms(bare.max)} | |`,
      '',
      `| ${CONNECTIONS} connections, ${DURATION_S} s | req/s | p50 | p99 |`,
      `|---|---|---|---|`,
      `| GET /api/v1/stats (default period) | ${fmt(loadStats.requests.average)} | ${ms(loadStats.latency.p50)} | ${ms(loadStats.latency.p99)} |`,
      `| GET /bench/bare (baseline) | ${fmt(loadBare.requests.average)} | ${ms(loadBare.latency.p50)} | ${ms(loadBare.latency.p99)} |`,
      `| ratio dashboard / baseline | ${((100 * loadStats.requests.average) / loadBare.requests.average).toFixed(1)} % | | |`,
      '',
      `Before the counts (the old queries over the cases' tables, default period, on the database alone, slowest of the three per run, median of ${old.length}): **${ms(oldSlowest)}** ` +
        `(submissions ${ms(median(old.map((o) => o.submissions)))}, decisions ${ms(median(old.map((o) => o.decisions)))}, open by status ${ms(median(old.map((o) => o.open)))}, ` +
        `open by assignee ${ms(median(old.map((o) => o.assignees)))}, ongoing breaches ${ms(median(old.map((o) => o.breaches)))}).`,
      '',
      `Seeded by SQL in ${(seedMs / 1000).toFixed(0)} s; the counts were then built by \`insights:rebuild\` in ${(Number(rebuilt[3]) / 1000).toFixed(1)} s ` +
        `(${fmt(countRows)} rows, ${(countBytes / 1024 ** 2).toFixed(0)} MiB with the index). The default period reads twelve month rows per key (minus the days after today, which hold nothing); ` +
        `open cases per status, per assignee and the ongoing breaches come from counters per category (insights_open, insights_now); ratings and labels are still read live.`,
    ].join('\n');
    return { name: 'insights', met, markdown };
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

module.exports = { name: 'insights', run };

if (require.main === module) runStandalone(module.exports);
