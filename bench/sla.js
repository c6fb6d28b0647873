'use strict';
/**
 * bench/sla: the SLA sweep (`npm run cli -- sla:sweep --now …`, the very command operators run,
 * and what the scheduled job does every minute) with BENCH_SLA_CASES open cases (1,000,000) of
 * which BENCH_SLA_DUE (1,000) have just missed their verification deadline.
 *
 * Target: the sweep under 1 s. Also printed: the sweep with nothing due (what every minute costs
 * on a quiet day), and for each of the sweep's reads (SWEEP_SQL in the compiled job) the plan:
 * which index it walks and how many rows and buffers it touches, from EXPLAIN (ANALYZE,
 * BUFFERS): the proof that the cost follows what is due, not how many cases exist.
 *
 * Seeding: the bench server (bench/server.js, the compiled app with its migrations, a supervisor
 * and a custodian) creates the database; cases and deadlines are then inserted by SQL
 * (generate_series). The sweep never decrypts anything, so the filler report bytes are not
 * ciphertext. Every case has an open stage deadline (verification or investigation) and a
 * reporter-feedback deadline; 10,000 older breaches (resolved, or open with a later repeat)
 * stand in for history.
 *
 * Each measured run starts from the same state: the previous run's breaches, events and mail
 * are removed and the markers cleared. `durationMs` is the job's own figure (the CLI prints it),
 * so booting the CLI process and delivering the resulting mail are not in it.
 */
const { execFile } = require('node:child_process');
const path = require('node:path');
const { promisify } = require('node:util');
const { Client } = require('pg');
const { startServer, runStandalone } = require('./lib/server-process');

const run$ = promisify(execFile);
const CASES = positiveInt(process.env.BENCH_SLA_CASES, 1_000_000);
const DUE = positiveInt(process.env.BENCH_SLA_DUE, 1000);
const RUNS = positiveInt(process.env.BENCH_SLA_RUNS, 3);
const HISTORY = 10_000;
const TARGET_MS = 1000;
const CHUNK = 250_000;
/** Wednesday 2 December 2026, 10:00 WITA: the sweep's "now". */
const NOW = '2026-12-02T02:00:00.000Z';
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
const { SWEEP_SQL, SWEEP_BATCH_SIZE } = require(path.join(__dirname, '..', 'dist', 'src', 'cases', 'sla', 'sla-sweep.job.js'));

function positiveInt(raw, fallback) {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number >= 1, got ${raw}`);
  return n;
}
const fmt = (n) => n.toLocaleString('en-US');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function seed(client, log) {
  const t = Date.now();
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET statement_timeout = 0`);
  const [{ code: category }] = (await client.query(`SELECT code FROM categories ORDER BY code LIMIT 1`)).rows;
  for (let lo = 1; lo <= CASES; lo += CHUNK) {
    const hi = Math.min(CASES, lo + CHUNK - 1);
    // Position p: 1..DUE missed their verification deadline a few minutes before NOW; the rest
    // are due between 2 and 60 days later (their reminders too: nothing else is due).
    await client.query(
      `WITH src AS MATERIALIZED (
         SELECT gen_random_uuid() AS id, p, nextval('case_number_seq') AS n,
                CASE WHEN p % 3 = 0 AND p > $3 THEN 'investigating' ELSE 'received' END AS status,
                CASE WHEN p <= $3 THEN $4::timestamptz - make_interval(secs => p)
                     ELSE $4::timestamptz + make_interval(days => 2 + p % 58, secs => p % 86000) END AS due_at
           FROM generate_series($1::int, $2::int) p
       ), c AS (
         INSERT INTO cases (id, number, receipt_lookup, reporter_salt, reporter_content_key, category_code, channel, anonymous, status, track,
                            report, submitted_at, updated_at)
         SELECT id, 'WBS-2026-' || lpad(n::text, 7, '0'), sha256(convert_to('bench-sla-receipt:' || p, 'UTF8')), sha256(convert_to('bench-sla-salt:' || p, 'UTF8')),
                '\\x00'::bytea, $5, 'web', true, status, CASE WHEN status = 'investigating' THEN 'complaint' END,
                '\\x00'::bytea, due_at - interval '5 days', due_at - interval '5 days'
           FROM src
       ), stage AS (
         INSERT INTO case_deadlines (case_id, kind, started_at, due_at, remind_at, working_days)
         SELECT id, CASE WHEN status = 'investigating' THEN 'investigation' ELSE 'verification' END, due_at - interval '5 days', due_at,
                due_at - interval '1 day', 3
           FROM src
       )
       INSERT INTO case_deadlines (case_id, kind, started_at, due_at, remind_at, calendar_days)
       SELECT id, 'feedback', due_at - interval '5 days', due_at + interval '25 days', due_at + interval '24 days', 30 FROM src`,
      [lo, hi, DUE, NOW, category],
    );
    log(`  sla: ${fmt(hi)} cases (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  // History: breaches of earlier due dates, resolved or repeating later than NOW.
  await client.query(
    `INSERT INTO sla_breaches (case_id, kind, due_at, breached_at, escalations, next_escalation_at, resolved_at)
     SELECT d.case_id, 'verification', d.due_at - interval '40 days', d.due_at - interval '39 days', 2,
            CASE WHEN x.r % 2 = 0 THEN $2::timestamptz + interval '2 days' END,
            CASE WHEN x.r % 2 = 1 THEN $2::timestamptz - interval '20 days' END
       FROM (SELECT case_id, due_at, row_number() OVER () AS r FROM case_deadlines WHERE kind = 'feedback' ORDER BY case_id LIMIT $1) x
       JOIN case_deadlines d ON d.case_id = x.case_id AND d.kind = 'feedback'`,
    [HISTORY, NOW],
  );
  for (const table of ['cases', 'case_deadlines', 'sla_breaches']) await client.query(`VACUUM (ANALYZE) ${table}`);
  await client.query(`CHECKPOINT`);
  return Date.now() - t;
}

/** Puts the database back as it was before a sweep. */
async function reset(client) {
  await client.query(`DELETE FROM mail_queue`);
  await client.query(`DELETE FROM event_deliveries`);
  await client.query(`DELETE FROM outbox`);
  await client.query(`DELETE FROM sla_breaches WHERE breached_at = $1`, [NOW]);
  await client.query(`UPDATE case_deadlines SET breached_at = NULL, reminded_at = NULL WHERE breached_at IS NOT NULL OR reminded_at IS NOT NULL`);
  for (const table of ['case_deadlines', 'sla_breaches', 'outbox', 'event_deliveries', 'mail_queue']) await client.query(`VACUUM (ANALYZE) ${table}`);
  await client.query(`CHECKPOINT`);
}

async function sweep(server) {
  // --force: NOW is a fixed date, which may lie ahead of the clock of the machine running this.
  const { stdout } = await run$(process.execPath, [CLI, 'sla:sweep', '--now', NOW, '--force'], {
    env: { ...process.env, DATABASE_URL: server.dbUrl, DATA_DIR: server.dataDir, LOG_LEVEL: 'warn', SLA_SWEEP_CRON: 'off' },
    timeout: 300_000,
  });
  const m = /(\d+) reminders, (\d+) breaches, (\d+) repeat notices in ([\d.]+) ms/.exec(stdout);
  if (!m) throw new Error(`unexpected sla:sweep output: ${stdout}`);
  return { reminders: Number(m[1]), breaches: Number(m[2]), escalations: Number(m[3]), ms: Number(m[4]) };
}

/** The sweep's reads, explained as run (inside a rolled-back transaction: they lock and update). */
async function explain(client) {
  const plans = [];
  const nextRepeat = new Date(Date.parse(NOW) + 3 * 86_400_000).toISOString();
  for (const [name, sql, params] of [
    ['due reminders', SWEEP_SQL.dueReminders, [NOW, SWEEP_BATCH_SIZE]],
    ['due breaches', SWEEP_SQL.dueBreaches, [NOW, SWEEP_BATCH_SIZE]],
    ['due repeats', SWEEP_SQL.dueEscalations, [NOW, SWEEP_BATCH_SIZE, nextRepeat]],
  ]) {
    await client.query('BEGIN');
    try {
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)).rows;
      const scans = [];
      const walk = (node) => {
        if (node['Index Name'] || /Scan/.test(node['Node Type'])) {
          scans.push(`${node['Node Type']} on ${node['Index Name'] || node['Relation Name'] || node['CTE Name']}: ${fmt(node['Actual Rows'] * (node['Actual Loops'] || 1))} rows`);
        }
        (node.Plans || []).forEach(walk);
      };
      walk(plan.Plan);
      const buffers = (plan.Plan['Shared Hit Blocks'] || 0) + (plan.Plan['Shared Read Blocks'] || 0);
      plans.push({ name, ms: plan['Execution Time'], rows: plan.Plan['Actual Rows'], buffers, scans, seqScan: scans.some((s) => s.startsWith('Seq Scan')) });
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return plans;
}

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  log(`sla: seeding ${fmt(CASES)} open cases, ${fmt(DUE)} due …`);
  const server = await startServer({ env: { SLA_SWEEP_CRON: 'off', MAIL_DIGEST_CRON: 'off' } });
  const client = new Client({ connectionString: server.dbUrl });
  await client.connect();
  try {
    const seedMs = await seed(client, log);
    const counts = (await client.query(`SELECT (SELECT count(*) FROM cases WHERE status <> 'closed')::int AS open, (SELECT count(*) FROM case_deadlines)::int AS deadlines`)).rows[0];
    const plans = await explain(client);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      await reset(client);
      const r = await sweep(server);
      if (r.breaches !== DUE || r.reminders !== 0 || r.escalations !== 0) throw new Error(`sweep found ${JSON.stringify(r)}, expected ${DUE} breaches only`);
      const sent = Number((await client.query(`SELECT count(*) AS n FROM outbox WHERE type = 'sla.deadline-breached'`)).rows[0].n);
      if (sent !== DUE) throw new Error(`${sent} breach events, expected ${DUE}`);
      runs.push(r.ms);
      log(`  sla: sweep ${i + 1}: ${r.ms.toFixed(1)} ms`);
    }
    const idle = await sweep(server); // right after: nothing left to do
    const p = median(runs);
    const met = p < TARGET_MS && !plans.some((x) => x.seqScan);
    const markdown = [
      `## SLA sweep (${fmt(counts.open)} open cases, ${fmt(DUE)} due)`,
      '',
      `| measure | value | target |`,
      `|---|---|---|`,
      `| sweep with ${fmt(DUE)} breaches, median of ${RUNS} (runs: ${runs.map((x) => x.toFixed(0)).join(', ')} ms) | **${p.toFixed(0)} ms** | < ${TARGET_MS} ms ${p < TARGET_MS ? '✓' : '✗'} |`,
      `| sweep with nothing due (every other minute) | ${idle.ms.toFixed(1)} ms | |`,
      '',
      `Plans of the sweep's reads (EXPLAIN ANALYZE, BUFFERS) with ${fmt(counts.deadlines)} deadlines and ${fmt(HISTORY)} older breaches in the tables:`,
      '',
      `| read | rows returned | rows touched per scan | buffers | time |`,
      `|---|---|---|---|---|`,
      ...plans.map((x) => `| ${x.name} | ${fmt(x.rows)} | ${x.scans.join('; ')} | ${fmt(x.buffers)} | ${x.ms.toFixed(1)} ms |`),
      '',
      `Each read walks its partial index only as far as what is due: the rows touched equal the rows due (one batch of ${SWEEP_BATCH_SIZE} at most), however many cases exist.` +
        ` Seeded in ${(seedMs / 1000).toFixed(0)} s by SQL; the sweep runs through \`node dist/src/cli.js sla:sweep --now ${NOW}\` and its own duration figure is reported (process start and mail delivery excluded).`,
    ].join('\n');
    return { name: 'sla', met, markdown };
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

module.exports = { name: 'sla', run };

if (require.main === module) runStandalone(module.exports);
