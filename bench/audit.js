'use strict';
/**
 * bench/audit: `npm run cli -- audit:verify` over BENCH_AUDIT_ENTRIES (1,000,000) chained audit
 * entries. Target: at least 200,000 entries per second on this machine.
 *
 * Seeding: BENCH_AUDIT_ENTRIES unchained entries inserted by SQL (generate_series; actions,
 * actors, cases and details shaped like the app's: case views, title decryptions, sign-ins,
 * state changes with their event payloads), then chained by the bench server's own
 * AuditChainer (the compiled dist/, as in production), which is also timed. The verifier then runs through the
 * real CLI, in its own process; the figure is the verifier's own (entries ÷ its duration), and
 * the wall time of the whole command (process start, boot, the chainer finding nothing) is
 * printed beside it.
 */
const { execFile } = require('node:child_process');
const path = require('node:path');
const { promisify } = require('node:util');
const { Client } = require('pg');
const { startServer, runStandalone } = require('./lib/server-process');

const run$ = promisify(execFile);
const ENTRIES = positiveInt(process.env.BENCH_AUDIT_ENTRIES, 1_000_000);
const RUNS = positiveInt(process.env.BENCH_AUDIT_RUNS, 3);
const TARGET_PER_S = 200_000;
const CHUNK = 250_000;
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');

function positiveInt(raw, fallback) {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number >= 1, got ${raw}`);
  return n;
}
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function seed(client, log) {
  const t = Date.now();
  await client.query(`SET synchronous_commit = off`);
  for (let lo = 1; lo <= ENTRIES; lo += CHUNK) {
    const hi = Math.min(ENTRIES, lo + CHUNK - 1);
    await client.query(
      `INSERT INTO audit_log (at, actor_type, actor_id, action, case_id, detail)
       SELECT timestamptz '2025-01-01 00:00:00+00' + make_interval(secs => g * 30),
              CASE WHEN g % 10 = 0 THEN 'reporter' ELSE 'staff' END,
              CASE WHEN g % 10 = 0 THEN NULL ELSE ('00000000-0000-4000-8000-' || lpad(to_hex(g % 40), 12, '0'))::uuid END,
              (ARRAY['case.viewed', 'case.title-decrypted', 'staff.signed-in', 'cases.status-changed', 'attachment.downloaded', 'reporter.case-viewed'])[1 + g % 6],
              ('00000000-0000-4000-9000-' || lpad(to_hex(g % 50000), 12, '0'))::uuid,
              CASE g % 6 WHEN 3 THEN '{"at":"2025-01-01T00:00:00.000Z","eventId":"6f1c7f1e-8a0b-4c1d-9e2f-3a4b5c6d7e8f","from":"received","outcome":null,"reopened":false,"to":"verifying","track":null}'
                         WHEN 4 THEN '{"attachmentId":"7a2d8e3f-9b1c-4d2e-8f3a-4b5c6d7e8f90"}'
                         WHEN 2 THEN '{"sessionId":"8b3e9f40-ac2d-4e3f-9a4b-5c6d7e8f9a01"}'
                         ELSE '{}' END
         FROM generate_series($1::int, $2::int) g`,
      [lo, hi],
    );
    log(`  audit: ${fmt(hi)} entries inserted (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  return Date.now() - t;
}

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  log(`audit: seeding ${fmt(ENTRIES)} entries …`);
  // The bench server creates the database (with every migration), then stands by: the chainer
  // below and the CLI are separate processes on the same database, as in production.
  const server = await startServer({ env: { SLA_SWEEP_CRON: 'off', MAIL_DIGEST_CRON: 'off', RETENTION_CRON: 'off' } });
  const client = new Client({ connectionString: server.dbUrl });
  await client.connect();
  try {
    const before = Number((await client.query(`SELECT count(*) AS n FROM audit_log`)).rows[0].n);
    const seedMs = await seed(client, log);
    // Chained by the server's AuditChainer as it finds them (it polls every second).
    const chainStart = Date.now();
    for (;;) {
      const left = Number((await client.query(`SELECT count(*) AS n FROM audit_log WHERE seq IS NULL`)).rows[0].n);
      if (left === 0) break;
      if (Date.now() - chainStart > 600_000) throw new Error(`${left} entries still unchained after 10 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const chainMs = Date.now() - chainStart;
    await client.query(`VACUUM (ANALYZE) audit_log`);
    await client.query(`CHECKPOINT`);
    const total = Number((await client.query(`SELECT count(*) AS n FROM audit_log WHERE seq IS NOT NULL`)).rows[0].n);
    const size = (await client.query(`SELECT pg_total_relation_size('audit_log') AS b`)).rows[0].b;

    const rates = [];
    const walls = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = Date.now();
      const out = await run$(process.execPath, [CLI, 'audit:verify'], {
        env: { ...process.env, DATABASE_URL: server.dbUrl, DATA_DIR: server.dataDir, LOG_LEVEL: 'warn' },
        timeout: 600_000,
      });
      walls.push(Date.now() - t0);
      const m = /(\d+) entries checked in (\d+) ms \((\d+) entries\/s\)/.exec(out.stdout);
      if (!m || !/The chain holds/.test(out.stdout)) throw new Error(`unexpected audit:verify output: ${out.stdout}`);
      if (Number(m[1]) < ENTRIES) throw new Error(`checked ${m[1]} entries, expected at least ${ENTRIES}`);
      rates.push(Number(m[3]));
      log(`  audit: verify ${i + 1}: ${fmt(Number(m[3]))} entries/s (${m[2]} ms)`);
    }
    const rate = median(rates);
    const met = rate >= TARGET_PER_S;
    const markdown = [
      `## audit:verify (${fmt(total)} entries)`,
      '',
      `| measure | value | target |`,
      `|---|---|---|`,
      `| audit:verify, median of ${RUNS} (runs: ${rates.map(fmt).join(', ')} entries/s) | **${fmt(rate)} entries/s** | ≥ ${fmt(TARGET_PER_S)} ${met ? '✓' : '✗'} |`,
      `| whole command, wall time (process start, boot, nothing left to chain, verify) | ${walls.map((w) => (w / 1000).toFixed(1)).join(' / ')} s | |`,
      `| chaining ${fmt(total - before)} new entries (the server's AuditChainer, batches of 5,000) | ${(chainMs / 1000).toFixed(1)} s (${fmt(((total - before) / chainMs) * 1000)} entries/s) | |`,
      '',
      `Entries inserted by SQL in ${(seedMs / 1000).toFixed(0)} s, shaped like the app's (six actions, staff and reporter actors, 50,000 cases, details of 2–170 bytes); table with indexes ${(Number(size) / 1024 ** 2).toFixed(0)} MiB. The verifier reads pages of 20,000 entries in sequence order as raw rows and recomputes SHA-256(previous hash ‖ canonical entry) for each.`,
    ].join('\n');
    return { name: 'audit', met, markdown };
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

module.exports = { name: 'audit', run };

if (require.main === module) runStandalone(module.exports);
