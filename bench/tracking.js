'use strict';
/**
 * bench/tracking: what a reporter who comes back does, with the compiled app in its own process
 * on a fresh database: the receipt sign-in (POST /api/v1/track) and the case page
 * (GET /api/v1/track/case), at BENCH_TRACK_CONNECTIONS (10) connections for BENCH_DURATION_S
 * (10 s) after a 2 s warm-up each, and the server's resident memory at the end.
 *
 * Target: p99 below 50 ms for both.
 *
 * Data: BENCH_TRACK_CASES (500) reports filed through the API (each with two replies from the
 * inspectorate, so the case page decrypts messages), their receipts used round-robin; every
 * sign-in opens a reporter session, as a real one does. The sign-in's rate limit is raised for
 * the bench (one client address).
 */
const autocannon = require('autocannon');
const { startServer, withTimeout, runStandalone } = require('./lib/server-process');

const CASES = positiveInt(process.env.BENCH_TRACK_CASES, 500);
const CONNECTIONS = positiveInt(process.env.BENCH_TRACK_CONNECTIONS, 10);
const DURATION_S = positiveInt(process.env.BENCH_DURATION_S, 10);
const WARMUP_S = positiveInt(process.env.BENCH_WARMUP_S, 2);
const TARGET_P99_MS = 50;

function positiveInt(raw, fallback) {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
const fmt = (n) => Math.round(n).toLocaleString('en-US');

async function postJson(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

function cannon(opts) {
  return withTimeout(
    new Promise((resolve, reject) => autocannon({ connections: CONNECTIONS, timeout: 10, ...opts }, (err, r) => (err ? reject(err) : resolve(r)))),
    (opts.duration + 30) * 1000,
    `autocannon ${opts.title}`,
  );
}

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const server = await startServer({ env: { RATE_LIMIT_TRACK: '1000000', RATE_LIMIT_REPORT: '1000000', SLA_SWEEP_CRON: 'off', STAFF_2FA: 'optional' } });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    log(`tracking: filing ${fmt(CASES)} reports …`);
    const login = await postJson(`${base}/api/v1/auth/login`, server.supervisor);
    const staff = { authorization: `Bearer ${login.accessToken}` };
    const receipts = [];
    for (let i = 0; i < CASES; i++) {
      const r = await postJson(`${base}/api/v1/reports`, {
        category: 'corruption',
        title: `Laporan pelacakan ${i}`,
        description: 'Kepala seksi meminta uang pelicin untuk setiap berkas perizinan yang masuk, tanpa kuitansi, sejak awal tahun.',
        anonymous: true,
        consent: 'yes',
      });
      receipts.push(r.receipt);
    }
    const cases = await (await fetch(`${base}/api/v1/cases?limit=100`, { headers: staff })).json();
    for (const item of cases.items.slice(0, 100)) {
      for (const body of ['Terima kasih, laporan Anda sedang kami periksa.', 'Mohon kirimkan bukti tambahan bila ada.']) {
        await postJson(`${base}/api/v1/cases/${item.id}/messages`, { body }, staff);
      }
    }
    // Tokens for the case page, one per receipt.
    const tokens = [];
    for (const receipt of receipts) tokens.push((await postJson(`${base}/api/v1/track`, { receipt })).token);

    const signIns = receipts.map((receipt) => ({ method: 'POST', path: '/api/v1/track', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) }));
    const pages = tokens.map((token) => ({ method: 'GET', path: '/api/v1/track/case', headers: { authorization: `Bearer ${token}` } }));
    const rows = [];
    for (const [name, requests] of [
      ['receipt sign-in POST /api/v1/track', signIns],
      ['case page GET /api/v1/track/case', pages],
    ]) {
      log(`  ${name}: warm-up ${WARMUP_S} s`);
      await cannon({ url: base, title: `${name} warm-up`, duration: WARMUP_S, requests });
      log(`  ${name}: ${DURATION_S} s, ${CONNECTIONS} connections`);
      const r = await cannon({ url: base, title: name, duration: DURATION_S, requests });
      rows.push({ name, r });
    }
    const stats = await server.request('stats');
    const met = rows.every(({ r }) => r.latency.p99 < TARGET_P99_MS && r.errors === 0 && r.non2xx === 0);
    const markdown = [
      `## tracking: a reporter coming back (${fmt(CASES)} cases)`,
      '',
      `${CONNECTIONS} connections, ${DURATION_S} s after a ${WARMUP_S} s warm-up, the app compiled in its own process. Receipts and tokens used round-robin; ${fmt(Math.min(100, CASES))} of the cases have two replies from the inspectorate to decrypt.`,
      '',
      `| request | req/s | p50 | p99 | max | requests | errors + non-2xx | p99 target |`,
      `|---|---:|---:|---:|---:|---:|---:|---|`,
      ...rows.map(
        ({ name, r }) =>
          `| ${name} | ${fmt(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${fmt(r.requests.total)} | ${r.errors + r.non2xx} | < ${TARGET_P99_MS} ms ${r.latency.p99 < TARGET_P99_MS ? '✓' : '✗'} |`,
      ),
      '',
      `- server memory after the run: RSS ${(stats.rss / 1024 ** 2).toFixed(0)} MiB, heap ${(stats.heapUsed / 1024 ** 2).toFixed(0)} MiB`,
      `- **targets ${met ? 'met' : 'NOT met'}**`,
    ].join('\n');
    return { name: 'tracking', met, markdown };
  } finally {
    await server.stop();
  }
}

module.exports = { name: 'tracking', run };

if (require.main === module) runStandalone(module.exports);
