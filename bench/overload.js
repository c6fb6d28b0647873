'use strict';
/**
 * bench/overload: report submissions (POST /api/v1/reports) at 50, 200 and 800 connections for
 * BENCH_DURATION_S (10 s) each, against the compiled app in its own process with the default
 * MAX_IN_FLIGHT (64). Past the bound the app answers 503 with Retry-After at once instead of
 * queueing, so the submissions it accepts stay fast. Printed per level: accepted per second,
 * p50 and p99 of the ACCEPTED submissions (201) only, and the share refused (503).
 *
 * autocannon reports one latency distribution for every answer, so a fast 503 would hide a
 * slow 201; this bench times each request itself (one keep-alive socket per connection). A
 * refused connection waits the Retry-After it was given before its next request, as a client
 * that honours it does (one that hammers on is a flood; its cost is the cheap refusal).
 */
const http = require('node:http');
const { startServer, runStandalone } = require('./lib/server-process');

const LEVELS = (process.env.BENCH_OVERLOAD_CONNECTIONS || '50,200,800')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const DURATION_S = Number(process.env.BENCH_DURATION_S) > 0 ? Number(process.env.BENCH_DURATION_S) : 10;
const TARGET_P99_MS = 500;
const BODY = JSON.stringify({
  category: 'corruption',
  title: 'Laporan beban',
  description: 'Kepala seksi meminta uang pelicin untuk setiap berkas perizinan yang masuk, tanpa kuitansi, sejak awal tahun.',
  anonymous: true,
  consent: 'yes',
});

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function post(agent, port) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/v1/reports', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, retryAfter: Number(res.headers['retry-after']) || 1 }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(BODY);
  });
}

async function level(port, connections) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const until = Date.now() + DURATION_S * 1000;
  const accepted = [];
  const counts = { accepted: 0, refused: 0, other: 0 };
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const r = await post(agent, port);
        if (r.status === 201) {
          counts.accepted++;
          accepted.push(r.ms);
        } else if (r.status === 503) {
          counts.refused++;
          // As a browser retrying by hand, the JSON API client or a proxy does: come back later.
          await new Promise((resolve) => setTimeout(resolve, r.retryAfter * 1000));
        } else counts.other++;
      }
    }),
  );
  agent.destroy();
  accepted.sort((a, b) => a - b);
  const total = counts.accepted + counts.refused + counts.other;
  return { connections, ...counts, total, p50: percentile(accepted, 50), p99: percentile(accepted, 99), perSecond: counts.accepted / DURATION_S };
}

async function measure(maxInFlight, levels, log) {
  const server = await startServer({ env: { RATE_LIMIT_REPORT: '100000000', SLA_SWEEP_CRON: 'off', STAFF_2FA: 'optional', MAX_IN_FLIGHT: String(maxInFlight) } });
  try {
    const rows = [];
    for (const connections of levels) {
      log(`overload: MAX_IN_FLIGHT ${maxInFlight}, ${connections} connections, ${DURATION_S} s`);
      rows.push({ maxInFlight, ...(await level(server.port, connections)) });
    }
    return { rows, stats: await server.request('stats') };
  } finally {
    await server.stop();
  }
}

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  {
    const bounded = await measure(64, LEVELS, log);
    // The same load without a useful bound, in the same run, as the baseline.
    const unbounded = await measure(10_000, [Math.max(...LEVELS)], log);
    const rows = [...bounded.rows, ...unbounded.rows];
    const stats = bounded.stats;
    const met = bounded.rows.every((r) => r.other === 0 && r.p99 < TARGET_P99_MS);
    const ms = (n) => (Number.isNaN(n) ? '–' : `${Math.round(n)} ms`);
    const markdown = [
      `## overload: report submissions past the in-flight bound (MAX_IN_FLIGHT 64)`,
      '',
      `POST /api/v1/reports for ${DURATION_S} s per level, one keep-alive socket per connection, each request timed by the bench; latencies are of the accepted (201) submissions only; a refused connection waits its Retry-After before the next request.`,
      '',
      `| MAX_IN_FLIGHT | connections | accepted/s | p50 accepted | p99 accepted | refused (503) | other | p99 target |`,
      `|---:|---:|---:|---:|---:|---:|---:|---|`,
      ...rows.map(
        (r) =>
          `| ${r.maxInFlight === 64 ? '64 (default)' : `${r.maxInFlight} (baseline)`} | ${r.connections} | ${Math.round(r.perSecond)} | ${ms(r.p50)} | ${ms(r.p99)} | ${((100 * r.refused) / Math.max(1, r.total)).toFixed(1)} % of ${r.total} | ${r.other} | < ${TARGET_P99_MS} ms ${r.p99 < TARGET_P99_MS ? '✓' : '✗'} |`,
      ),
      '',
      `- server memory after the run: RSS ${(stats.rss / 1024 ** 2).toFixed(0)} MiB`,
      `- **targets ${met ? 'met' : 'NOT met'}**`,
    ].join('\n');
    return { name: 'overload', met, markdown };
  }
}

module.exports = { name: 'overload', run };

if (require.main === module) runStandalone(module.exports);
