'use strict';
/**
 * Runs every bench against the compiled app (`npm run bench` builds it first), prints the
 * figures and writes them to bench/results.md with the machine they were measured on.
 *
 * Exit status: 0 when every bench ran (a missed target is reported, not an exit status),
 * 1 when a bench crashed, 130 on Ctrl-C. Nothing is left behind either way: each bench stops
 * its server child and drops its database.
 *
 * Add a bench: a module exporting `run({ log })` resolving to `{ name, met, markdown }`.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { postgresVersion, serverUrl, stopAll } = require('./lib/server-process');

// BENCH_ONLY=intake (or tracking, rate-limit, uploads, inbox, sla, audit, insights, overload) runs one bench and does not touch results.md, which comes from a full run.
const ALL = [
  require('./intake'),
  require('./tracking'),
  require('./rate-limit'),
  require('./uploads'),
  require('./inbox'),
  require('./sla'),
  require('./audit'),
  require('./insights'),
  require('./overload'),
];
const BENCHES = ALL.filter((b) => !process.env.BENCH_ONLY || b.name === process.env.BENCH_ONLY);

/** Hard bound on the whole run, whatever happens (the inbox bench seeds a million cases first). */
const OVERALL_TIMEOUT_MS = 25 * 60_000;

function git(args) {
  try {
    return execFileSync('git', args, { cwd: path.join(__dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

async function machineFacts(loadAtStart) {
  const cpus = os.cpus();
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'src']);
  const pgUrl = new URL(serverUrl());
  return [
    `- date: ${new Date().toISOString()}`,
    `- app: commit ${commit ?? 'unknown'}${dirty ? ' (with uncommitted changes under src/)' : ''}, compiled \`dist/\``,
    `- machine: nproc ${os.availableParallelism ? os.availableParallelism() : cpus.length}, ${cpus[0] ? cpus[0].model.trim() : 'unknown CPU'}, memory ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, ${os.type()} ${os.release()} ${os.arch()}`,
    `- node ${process.version}; PostgreSQL ${await postgresVersion()} at ${pgUrl.hostname}:${pgUrl.port || 5432} (same machine: ${['127.0.0.1', 'localhost', '::1'].includes(pgUrl.hostname) ? 'yes' : 'no'})`,
    `- load average (1/5/15 min) at start ${loadAtStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}: anything else running on these cores lowers the figures`,
  ].join('\n');
}

async function main() {
  const log = (m) => process.stderr.write(`${m}\n`);
  const loadAtStart = os.loadavg();
  const sections = [];
  let crashed = false;
  for (const bench of BENCHES) {
    try {
      const r = await bench.run({ log });
      sections.push(r.markdown);
      process.stdout.write(`\n${r.markdown}\n`);
    } catch (e) {
      crashed = true;
      const msg = e && e.stack ? e.stack : String(e);
      log(`bench crashed: ${msg}`);
      sections.push(`## ${bench.name || 'bench'}\n\nCRASHED: ${String(e && e.message ? e.message : e)}`);
    }
  }
  const header = `# Bench results\n\nWritten by \`npm run bench\` (bench/run.js); do not edit by hand.\n\n${await machineFacts(loadAtStart)}\n`;
  process.stdout.write(`\n${header}`);
  if (!process.env.BENCH_ONLY) {
    fs.writeFileSync(path.join(__dirname, 'results.md'), `${header}\n${sections.join('\n\n')}\n`);
    log(`\nwritten to bench/results.md`);
  }
  return crashed ? 1 : 0;
}

const timer = setTimeout(() => {
  process.stderr.write(`bench: still running after ${OVERALL_TIMEOUT_MS / 1000} s, giving up\n`);
  stopAll().finally(() => process.exit(1));
}, OVERALL_TIMEOUT_MS);
timer.unref();

const onSignal = () => stopAll().finally(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

main().then(
  (code) => stopAll().finally(() => process.exit(code)),
  (e) => {
    process.stderr.write(`bench failed: ${e && e.stack ? e.stack : e}\n`);
    stopAll().finally(() => process.exit(1));
  },
);
