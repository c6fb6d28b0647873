'use strict';
/**
 * bench/rate-limit: what the shared rate-limit counter costs per request, with
 * RATE_LIMIT_STORE=memory, then RATE_LIMIT_STORE=postgres (one upsert per request into the
 * UNLOGGED counter table), each on its own fresh server and database, in one run:
 * - the receipt form, POST /track (form token fetched once from GET /track, a wrong receipt so
 *   every answer is the uniform 401, which also writes an audit entry);
 * - the cheapest limited request there is, POST /api/v1/auth/login with an empty JSON body (the
 *   counter, then 400 from the field check): the counter's own cost stands out there.
 * BENCH_RATE_CONNECTIONS (10) connections for BENCH_DURATION_S (10 s) after a 2 s warm-up each.
 * The limits are raised so that nothing is refused: this measures the counting.
 */
const autocannon = require('autocannon');
const { startServer, withTimeout, runStandalone } = require('./lib/server-process');

const CONNECTIONS = positiveInt(process.env.BENCH_RATE_CONNECTIONS, 10);
const DURATION_S = positiveInt(process.env.BENCH_DURATION_S, 10);
const WARMUP_S = positiveInt(process.env.BENCH_WARMUP_S, 2);

function positiveInt(raw, fallback) {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
const fmt = (n) => Math.round(n).toLocaleString('en-US');

function cannon(opts) {
  return withTimeout(
    new Promise((resolve, reject) => autocannon({ connections: CONNECTIONS, timeout: 10, ...opts }, (err, r) => (err ? reject(err) : resolve(r)))),
    (opts.duration + 30) * 1000,
    `autocannon ${opts.title}`,
  );
}

async function measure(store, log) {
  const server = await startServer({ env: { RATE_LIMIT_STORE: store, RATE_LIMIT_TRACK: '1000000', RATE_LIMIT_LOGIN: '1000000', SLA_SWEEP_CRON: 'off', STAFF_2FA: 'optional' } });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const form = await (await fetch(`${base}/track`, { signal: AbortSignal.timeout(15_000) })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(form)[1];
    const loads = [
      {
        name: 'POST /track (401)',
        expected: '401',
        request: { method: 'POST', path: '/track', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, receipt: 'ABCD-EFGH-JKMN-PQRS' }).toString() },
      },
      {
        name: 'POST /api/v1/auth/login, empty (400)',
        expected: '400',
        request: { method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, body: '{}' },
      },
    ];
    const rows = [];
    for (const load of loads) {
      const opts = { url: base, requests: [load.request] };
      log(`  ${store}, ${load.name}: warm-up ${WARMUP_S} s`);
      await cannon({ ...opts, title: `${store} warm-up`, duration: WARMUP_S });
      log(`  ${store}, ${load.name}: ${DURATION_S} s, ${CONNECTIONS} connections`);
      const r = await cannon({ ...opts, title: store, duration: DURATION_S });
      // Every answer must be the expected one (a 403 would mean the form token failed, a 429 the limit).
      const unexpected = r.errors + Object.entries(r.statusCodeStats || {}).filter(([code]) => code !== load.expected).reduce((n, [, st]) => n + st.count, 0);
      rows.push({ store, load: load.name, r, unexpected });
    }
    return rows;
  } finally {
    await server.stop();
  }
}

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  log('rate-limit: the in-memory counter, then the PostgreSQL one');
  const rows = [...(await measure('memory', log)), ...(await measure('postgres', log))];
  const met = rows.every((x) => x.unexpected === 0);
  const cost = (load) => {
    const mem = rows.find((x) => x.store === 'memory' && x.load === load).r;
    const pg = rows.find((x) => x.store === 'postgres' && x.load === load).r;
    const p99 = pg.latency.p99 - mem.latency.p99;
    return `- ${load}: ${(((mem.requests.average - pg.requests.average) / mem.requests.average) * 100).toFixed(1)} % fewer req/s with the shared counter, p99 ${p99 >= 0 ? '+' : ''}${p99} ms`;
  };
  const markdown = [
    '## rate-limit: the shared counter against the in-memory one',
    '',
    `${CONNECTIONS} connections, ${DURATION_S} s after a ${WARMUP_S} s warm-up, each store on its own fresh server. POST /track: a receipt-form post with a valid form token and a wrong receipt (uniform 401: receipt hash, look-up, audit entry). The empty sign-in: the counter, then 400.`,
    '',
    '| RATE_LIMIT_STORE | request | req/s | p50 | p99 | max | requests | unexpected answers |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(({ store, load, r, unexpected }) => `| ${store} | ${load} | ${fmt(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${fmt(r.requests.total)} | ${unexpected} |`),
    '',
    cost('POST /track (401)'),
    cost('POST /api/v1/auth/login, empty (400)'),
    `- **${met ? 'every answer was the expected one' : 'some answers were NOT the expected ones'}**`,
  ].join('\n');
  return { name: 'rate-limit', met, markdown };
}

module.exports = { name: 'rate-limit', run };

if (require.main === module) runStandalone(module.exports);
