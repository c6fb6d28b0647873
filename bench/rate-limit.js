'use strict';
/**
 * bench/rate-limit: what the shared rate-limit counter costs per request. Two servers, each on
 * its own fresh database, run side by side: one with RATE_LIMIT_STORE=memory, one with
 * RATE_LIMIT_STORE=postgres (one upsert per request into the UNLOGGED counter table). They are
 * loaded in alternating slices of BENCH_RATE_SLICE_S (3 s) for BENCH_RATE_ROUNDS (5) rounds, at
 * BENCH_RATE_CONNECTIONS (10) connections, and the medians are reported, so both meet the same
 * background load on a shared machine. Two requests:
 * - the receipt form, POST /track (form token fetched once from GET /track, a wrong receipt, so
 *   every answer is the uniform 401, which also writes an audit entry);
 * - the cheapest limited request there is, POST /api/v1/auth/login with an empty JSON body (the
 *   counter, then 400 from the field check): the counter's own cost stands out there.
 * The limits are raised so that nothing is refused: this measures the counting.
 */
const os = require('node:os');
const autocannon = require('autocannon');
const { startServer, withTimeout, runStandalone } = require('./lib/server-process');

const CONNECTIONS = positiveInt(process.env.BENCH_RATE_CONNECTIONS, 10);
const SLICE_S = positiveInt(process.env.BENCH_RATE_SLICE_S, 3);
const ROUNDS = positiveInt(process.env.BENCH_RATE_ROUNDS, 5);
const WARMUP_S = positiveInt(process.env.BENCH_WARMUP_S, 2);
const STORES = ['memory', 'postgres'];

function positiveInt(raw, fallback) {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function cannon(opts) {
  return withTimeout(
    new Promise((resolve, reject) => autocannon({ connections: CONNECTIONS, timeout: 10, ...opts }, (err, r) => (err ? reject(err) : resolve(r)))),
    (opts.duration + 30) * 1000,
    `autocannon ${opts.title}`,
  );
}

/** Answers other than the expected one (a 403 would mean the form token failed, a 429 the limit). */
function unexpected(r, expected) {
  return (
    r.errors +
    Object.entries(r.statusCodeStats || {})
      .filter(([code]) => code !== expected)
      .reduce((n, [, st]) => n + st.count, 0)
  );
}

async function loadsFor(base) {
  const form = await (await fetch(`${base}/track`, { signal: AbortSignal.timeout(15_000) })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(form)[1];
  return [
    {
      name: 'POST /track (401)',
      expected: '401',
      request: {
        method: 'POST',
        path: '/track',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, receipt: 'ABCD-EFGH-JKMN-PQRS' }).toString(),
      },
    },
    {
      name: 'POST /api/v1/auth/login, empty (400)',
      expected: '400',
      request: { method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, body: '{}' },
    },
  ];
}

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  log('rate-limit: the in-memory counter and the PostgreSQL one, in alternating slices');
  const servers = {};
  const loadAtStart = os.loadavg()[0];
  try {
    for (const store of STORES) {
      servers[store] = await startServer({ env: { RATE_LIMIT_STORE: store, RATE_LIMIT_TRACK: '1000000', RATE_LIMIT_LOGIN: '1000000', SLA_SWEEP_CRON: 'off', STAFF_2FA: 'optional' } });
    }
    const targets = {};
    for (const store of STORES) {
      const base = `http://127.0.0.1:${servers[store].port}`;
      targets[store] = { base, loads: await loadsFor(base) };
    }
    const samples = {}; // `${store}|${load}` -> [{ rps, p99, p50, requests, unexpected }]
    for (const store of STORES) {
      for (const load of targets[store].loads) {
        log(`  ${store}, ${load.name}: warm-up ${WARMUP_S} s`);
        await cannon({ url: targets[store].base, requests: [load.request], title: 'warm-up', duration: WARMUP_S });
      }
    }
    for (let round = 1; round <= ROUNDS; round++) {
      log(`  round ${round}/${ROUNDS}`);
      for (let i = 0; i < targets.memory.loads.length; i++) {
        for (const store of round % 2 ? STORES : [...STORES].reverse()) {
          const load = targets[store].loads[i];
          const r = await cannon({ url: targets[store].base, requests: [load.request], title: `${store} ${load.name}`, duration: SLICE_S });
          const key = `${store}|${load.name}`;
          (samples[key] ||= []).push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, unexpected: unexpected(r, load.expected) });
        }
      }
    }
    const rows = [];
    for (const load of targets.memory.loads) {
      for (const store of STORES) {
        const s = samples[`${store}|${load.name}`];
        rows.push({
          store,
          load: load.name,
          rps: median(s.map((x) => x.rps)),
          p50: median(s.map((x) => x.p50)),
          p99: median(s.map((x) => x.p99)),
          requests: s.reduce((n, x) => n + x.requests, 0),
          unexpected: s.reduce((n, x) => n + x.unexpected, 0),
        });
      }
    }
    const met = rows.every((x) => x.unexpected === 0);
    const cost = (load) => {
      const mem = rows.find((x) => x.store === 'memory' && x.load === load);
      const pg = rows.find((x) => x.store === 'postgres' && x.load === load);
      const p99 = pg.p99 - mem.p99;
      return `- ${load}: shared counter ${(((pg.rps - mem.rps) / mem.rps) * 100).toFixed(1)} % req/s, p99 ${p99 >= 0 ? '+' : ''}${p99} ms`;
    };
    const markdown = [
      '## rate-limit: the shared counter against the in-memory one',
      '',
      `Two servers side by side (RATE_LIMIT_STORE=memory and =postgres, fresh databases), loaded in alternating ${SLICE_S} s slices for ${ROUNDS} rounds at ${CONNECTIONS} connections; medians over the rounds. POST /track: a receipt-form post with a valid form token and a wrong receipt (uniform 401: receipt hash, look-up, audit entry). The empty sign-in: the counter, then 400.`,
      '',
      '| request | RATE_LIMIT_STORE | req/s | p50 ms | p99 ms | requests | unexpected answers |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...rows.map((x) => `| ${x.load} | ${x.store} | ${fmt(x.rps)} | ${x.p50} | ${x.p99} | ${fmt(x.requests)} | ${x.unexpected} |`),
      '',
      ...targets.memory.loads.map((l) => cost(l.name)),
      `- load average (1 min) ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0].toFixed(2)} at end, on ${os.availableParallelism ? os.availableParallelism() : os.cpus().length} cores: anything else running lowers and scatters the figures`,
      `- **${met ? 'every answer was the expected one' : 'some answers were NOT the expected ones'}**`,
    ].join('\n');
    return { name: 'rate-limit', met, markdown };
  } finally {
    for (const s of Object.values(servers)) await s.stop();
  }
}

module.exports = { name: 'rate-limit', run };

if (require.main === module) runStandalone(module.exports);
