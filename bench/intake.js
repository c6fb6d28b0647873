'use strict';
/**
 * bench/intake: submissions per second and latency of POST /api/v1/reports (a ~1 KB JSON report,
 * no attachment) over 50 connections for 10 s, next to a bare endpoint of the same server
 * measured in the same run, and the ratio between them.
 *
 * Target: intake at least 15% of the bare endpoint's rate, with zero errors and zero non-2xx.
 *
 * Runs against the compiled app (dist/): `npm run bench`, or `node bench/intake.js` after
 * `npm run build`. The server runs in a child process (bench/server.js) on a fresh database
 * created on the PostgreSQL server in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * and dropped at the end. All traffic goes to 127.0.0.1.
 *
 * Knobs (environment): BENCH_CONNECTIONS (50), BENCH_DURATION_S (10), BENCH_WARMUP_S (2).
 */
const os = require('node:os');
const autocannon = require('autocannon');
const { startServer, withTimeout, runStandalone } = require('./lib/server-process');

const CONNECTIONS = positiveInt(process.env.BENCH_CONNECTIONS, 50);
const DURATION_S = positiveInt(process.env.BENCH_DURATION_S, 10);
const WARMUP_S = positiveInt(process.env.BENCH_WARMUP_S, 2);
const TARGET_RATIO = 0.15;
const REPORT_BYTES = 1024;
/** How long to wait for the submissions still in flight at the stop to finish. */
const SETTLE_MAX_MS = 10_000;

function positiveInt(raw, fallback) {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** A plausible report (fields per CONTRACT.md), its JSON exactly REPORT_BYTES long. */
function reportBody() {
  const base = {
    category: 'corruption',
    opd: 'DINKES',
    title: 'Dugaan pungutan liar dalam pengadaan alat kesehatan puskesmas',
    description: '',
    anonymous: true,
    consent: 'yes',
  };
  const story =
    'Pada bulan Maret, pejabat pengadaan di dinas meminta setoran sepuluh persen dari nilai kontrak ' +
    'kepada penyedia alat kesehatan untuk puskesmas kecamatan. Setoran diserahkan tunai di luar kantor, ' +
    'tanpa kuitansi, dan penyedia yang menolak tidak lagi diundang dalam paket berikutnya. ';
  const room = REPORT_BYTES - Buffer.byteLength(JSON.stringify(base));
  let description = '';
  while (description.length < room) description += story;
  base.description = description.slice(0, room).trimEnd();
  base.description += '.'.repeat(room - base.description.length); // trimEnd may have removed a space
  const body = JSON.stringify(base);
  if (Buffer.byteLength(body) !== REPORT_BYTES) throw new Error(`report body is ${Buffer.byteLength(body)} bytes, not ${REPORT_BYTES}`);
  return { body, descriptionChars: base.description.length };
}

function cannon(opts) {
  // autocannon's own timeout is per request; this bounds the whole run.
  return withTimeout(
    new Promise((resolve, reject) => {
      autocannon({ connections: CONNECTIONS, timeout: 10, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
    }),
    (opts.duration + 30) * 1000,
    `autocannon ${opts.title}`,
  );
}

/** Busy CPU time of the whole machine, in core-seconds, and of this process. */
function cpuMark() {
  let busy = 0;
  for (const c of os.cpus()) busy += c.times.user + c.times.nice + c.times.sys + c.times.irq;
  const self = process.cpuUsage();
  return { t: process.hrtime.bigint(), machineMs: busy, selfUs: self.user + self.system };
}

function cpuSince(mark) {
  const now = cpuMark();
  const wallS = Number(now.t - mark.t) / 1e9;
  return { machineCores: (now.machineMs - mark.machineMs) / 1000 / wallS, loadGenCores: (now.selfUs - mark.selfUs) / 1e6 / wallS };
}

/** Warm up, then measure; returns the figures of the measured run only. */
async function measure(server, name, opts, log, beforeRun = async () => undefined) {
  log(`  ${name}: warm-up ${WARMUP_S} s`);
  const warm = await cannon({ ...opts, title: `${name} warm-up`, duration: WARMUP_S });
  await sleep(500);
  await beforeRun();
  log(`  ${name}: ${DURATION_S} s, ${CONNECTIONS} connections`);
  await server.request('stats'); // resets the server's CPU mark
  const mark = cpuMark();
  const r = await cannon({ ...opts, title: name, duration: DURATION_S });
  const machine = cpuSince(mark);
  const st = await server.request('stats');
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    total: r.requests.total,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats || {}).map(([k, v]) => [k, v.count])),
    warmup: { total: warm.requests.total, ok2xx: warm['2xx'], non2xx: warm.non2xx, errors: warm.errors, timeouts: warm.timeouts },
    serverCores: st.cpuShareOfOneCore,
    machineCores: machine.machineCores,
    loadGenCores: machine.loadGenCores,
    rss: st.rss,
    vmHWM: st.vmHWM,
    heapUsed: st.heapUsed,
  };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until the server's completed-submission count stops moving (requests in flight at the stop finish). */
async function settledCounts(server) {
  let prev = await server.request('counts');
  for (let i = 0; i < SETTLE_MAX_MS / 250; i++) {
    await sleep(250);
    const next = await server.request('counts');
    if (next.submitted === prev.submitted && next.submitFailed === prev.submitFailed && next.cases === prev.cases) return next;
    prev = next;
  }
  return prev;
}

const mib = (b) => (b == null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MiB`);
const fmt = (n, d = 0) => (n == null || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const { body, descriptionChars } = reportBody();
  log(`bench/intake: starting the server (child process, fresh database)`);
  const server = await startServer();
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const afterBoot = await server.request('stats');

    const bare = await measure(server, 'bare GET /bench/bare', { url: `${base}/bench/bare`, method: 'GET' }, log);

    let before = null;
    const intake = await measure(
      server,
      'intake POST /api/v1/reports',
      { url: `${base}/api/v1/reports`, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body },
      log,
      async () => {
        before = await settledCounts(server); // after the warm-up's submissions have all finished
      },
    );
    const atStop = await server.request('counts');
    const afterIntake = await settledCounts(server); // includes requests answered after autocannon closed its sockets
    await sleep(2000);
    const later = await server.request('counts');
    const finalStats = await server.request('stats');
    // Background work gives way to requests under load (BackgroundPacer): how long after the
    // burst every new-report e-mail was out.
    const burstEnd = Date.now();
    let drained = later;
    while ((drained.outboxPending || drained.deliveriesPending || drained.mailPending) && Date.now() - burstEnd < 180_000) {
      await sleep(250);
      drained = await server.request('counts');
    }
    const caughtUpS = (Date.now() - burstEnd) / 1000 + 2;

    // Every submission the server completed must be stored; autocannon drops (does not count) the
    // responses still in flight when its time is up, at most one per connection.
    const storedMeasured = afterIntake.cases - before.cases;
    const completedMeasured = afterIntake.submitted - before.submitted;
    const inFlightAtStop = completedMeasured - intake.ok2xx;
    const ratio = intake.rps / bare.rps;
    const clean = (x) => x.errors === 0 && x.timeouts === 0 && x.non2xx === 0;
    const checks = {
      ratio: ratio >= TARGET_RATIO,
      zeroErrors: clean(bare) && clean(intake),
      storedMatches:
        afterIntake.cases === afterIntake.submitted &&
        storedMeasured === completedMeasured &&
        inFlightAtStop >= 0 &&
        inFlightAtStop <= CONNECTIONS &&
        (intake.statusCodes['201'] ?? 0) === intake.ok2xx,
    };
    const met = checks.ratio && checks.zeroErrors;

    const row = (x) =>
      `| ${x.name} | ${fmt(x.rps)} | ${fmt(x.p50)} | ${fmt(x.p99)} | ${fmt(x.max)} | ${fmt(x.total)} | ${fmt(x.ok2xx)} | ${fmt(x.non2xx)} | ${fmt(x.errors)} | ${fmt(x.timeouts)} | ${fmt(x.serverCores, 2)} | ${fmt(x.machineCores, 2)} | ${mib(x.rss)} |`;
    const md = [
      `## intake: 1 KB report, no attachment, vs a bare endpoint`,
      ``,
      `${CONNECTIONS} connections, ${DURATION_S} s each after a ${WARMUP_S} s warm-up, autocannon in the parent process, the app (compiled, \`dist/\`) in a child process, fresh database, one supervisor and one custodian. Report body: ${REPORT_BYTES} bytes of JSON (description ${descriptionChars} characters, \`anonymous: true\`). Latencies in ms; CPU in cores (server process / whole machine, the machine includes PostgreSQL and the load generator).`,
      ``,
      `| endpoint | req/s (mean) | p50 | p99 | max | requests | 2xx | non-2xx | errors | timeouts | server CPU | machine CPU | server RSS after |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
      row(bare),
      row(intake),
      ``,
      `- **ratio intake / bare: ${(ratio * 100).toFixed(1)}%** (target ≥ ${TARGET_RATIO * 100}%): ${checks.ratio ? 'met' : 'NOT met'}`,
      `- errors, timeouts, non-2xx: ${checks.zeroErrors ? 'none (target met)' : `NOT zero (bare ${JSON.stringify(bare.statusCodes)}, intake ${JSON.stringify(intake.statusCodes)})`}`,
      `- cases stored during the measured run: ${fmt(storedMeasured)}; 201 received by the load generator: ${fmt(intake.ok2xx)}; submissions completed by the server: ${fmt(completedMeasured)} (${fmt(inFlightAtStop)} were in flight when the load stopped: answered after autocannon closed its sockets, at most one per connection); all cases in the database: ${fmt(afterIntake.cases)} = completed submissions ${fmt(afterIntake.submitted)}: ${checks.storedMatches ? 'consistent' : 'INCONSISTENT'}`,
      `- server memory: RSS ${mib(afterBoot.rss)} after boot, ${mib(intake.rss)} at the end of the intake run (peak VmHWM ${mib(finalStats.vmHWM)}), JS heap ${mib(intake.heapUsed)}`,
      `- load generator CPU: ${fmt(bare.loadGenCores, 2)} cores (bare), ${fmt(intake.loadGenCores, 2)} cores (intake)`,
      `- outbox: ${fmt(afterIntake.outbox)} events, ${fmt(afterIntake.outboxPending)} not yet fanned out right after the run, ${fmt(later.outboxPending)} two seconds later`,
      `- notifications: ${drained.outboxPending || drained.deliveriesPending || drained.mailPending ? 'NOT caught up' : 'caught up'} ${caughtUpS.toFixed(1)} s after the load stopped (events fanned out and delivered, e-mail sent: ${fmt(drained.mailSent)} new-report mails written as .eml, one per report to the one supervisor); background work gives way to requests while the process is saturated`,
      `- warm-up (not counted): bare ${fmt(bare.warmup.total)} requests, intake ${fmt(intake.warmup.total)} requests, errors+timeouts+non-2xx ${fmt(bare.warmup.errors + bare.warmup.timeouts + bare.warmup.non2xx + intake.warmup.errors + intake.warmup.timeouts + intake.warmup.non2xx)}`,
      ...(intake.timeouts || bare.timeouts
        ? [
            `- requests timed out: the app's database connections when the load stopped: ${JSON.stringify(atStop.appConnections)}; ${fmt(afterIntake.submitted - atStop.submitted)} submissions completed in the ${fmt(SETTLE_MAX_MS / 1000)} s after it. (Pool of 10 connections all \`idle in transaction\` and nothing completing = the pool is deadlocked: each transaction waits for a second pool connection.)`,
          ]
        : []),
      `- **targets ${met ? 'met' : 'NOT met'}**`,
    ].join('\n');

    return { name: 'intake', met, checks, ratio, bare, intake, markdown: md };
  } finally {
    await server.stop();
  }
}

module.exports = { name: 'intake', run };

if (require.main === module) runStandalone(module.exports);
