'use strict';
/**
 * bench/uploads: the server's memory while it receives large reports. BENCH_UPLOAD_REPORTS (4)
 * reports are sent at once through POST /api/v1/reports, each with one BENCH_UPLOAD_MB (96) MiB
 * video (an MP4 header, then patterned bytes: no cleaning, so the whole file goes through the
 * spool into the database), against the compiled app in its own process with `npm start`'s V8
 * flags. The attachment limits are raised for the bench (ATTACHMENT_MAX_FILE_MB and
 * ATTACHMENT_MAX_TOTAL_MB 100, a large daily quota); the upload slots keep their default.
 *
 * Measured: the server's resident memory before, its peak during the burst (VmHWM, reset just
 * before the burst through /proc/<pid>/clear_refs, and the highest of samples every 50 ms), and
 * its resident memory a few seconds after. Target: peak ≤ 300 MiB.
 */
const fs = require('node:fs');
const http = require('node:http');
const { startServer, runStandalone } = require('./lib/server-process');

const REPORTS = positiveInt(process.env.BENCH_UPLOAD_REPORTS, 4);
const FILE_MB = positiveInt(process.env.BENCH_UPLOAD_MB, 96);
const TARGET_PEAK_MIB = 300;
const MiB = 1024 * 1024;
const SETTLE_MS = 5_000;

function positiveInt(raw, fallback) {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
const mib = (bytes) => `${(bytes / MiB).toFixed(0)} MiB`;

/** What a phone video starts with: an ISO media `ftyp` box (brand isom), as file-type reads it. */
function mp4Header() {
  return Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom', 'latin1'), Buffer.alloc(4), Buffer.from('isommp41', 'latin1')]);
}

/** Sends one multipart report whose file is generated while it is sent (the bench holds 1 MiB). */
function sendReport(port, index) {
  const boundary = `bench${index}`;
  const fields = {
    category: 'corruption',
    title: `Rekaman video ${index}`,
    description: 'Rekaman video penyerahan uang di ruang pelayanan, diambil dari ponsel pelapor.',
    anonymous: 'yes',
    consent: 'yes',
    strip_metadata: 'yes',
  };
  const head = Buffer.from(
    Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="video-${index}.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const fileBytes = FILE_MB * MiB;
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < block.length; i++) block[i] = (i * 7 + index) % 256;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/reports', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + fileBytes + tail.length } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      },
    );
    req.on('error', reject);
    let sent = 0;
    const header = mp4Header();
    const write = () => {
      while (sent < fileBytes) {
        const n = Math.min(block.length, fileBytes - sent);
        const piece = sent === 0 ? Buffer.concat([header, block.subarray(header.length, n)]) : block.subarray(0, n);
        sent += n;
        if (!req.write(piece)) return req.once('drain', write);
      }
      req.end(tail);
    };
    req.write(head);
    write();
  });
}

function vm(pid) {
  const out = {};
  for (const line of fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(VmRSS|VmHWM):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]] = Number(m[2]) * 1024;
  }
  return out;
}

async function run({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const server = await startServer({
    env: {
      ATTACHMENT_MAX_FILE_MB: '100',
      ATTACHMENT_MAX_TOTAL_MB: '100',
      UPLOAD_DAILY_QUOTA_MB: String(REPORTS * 100 * 2),
      RATE_LIMIT_REPORT: '1000000',
      SLA_SWEEP_CRON: 'off',
      STAFF_2FA: 'optional',
    },
  });
  try {
    const before = vm(server.pid);
    // Resets the peak (VmHWM) to the current resident size, so the peak is the burst's.
    let hwmReset = true;
    try {
      fs.writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    } catch {
      hwmReset = false;
    }
    let sampledPeak = before.VmRSS;
    const sampler = setInterval(() => {
      try {
        sampledPeak = Math.max(sampledPeak, vm(server.pid).VmRSS);
      } catch {
        /* the server is gone; the bench fails below */
      }
    }, 50);
    log(`uploads: ${REPORTS} reports of ${FILE_MB} MiB at once …`);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: REPORTS }, (_, i) => sendReport(server.port, i)));
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    const during = vm(server.pid);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const after = vm(server.pid);
    const counts = await server.request('counts');
    const ok = results.filter((r) => r.status === 201).length;
    const peak = Math.max(hwmReset ? during.VmHWM : 0, sampledPeak);
    const met = ok === REPORTS && peak <= TARGET_PEAK_MIB * MiB;
    const statuses = results.map((r) => r.status).join(', ');
    const markdown = [
      `## uploads: ${REPORTS} × ${FILE_MB} MiB reports at once`,
      '',
      `${REPORTS} multipart reports sent at the same time to POST /api/v1/reports, each with one ${FILE_MB} MiB MP4 video, against the compiled app in its own process with \`npm start\`'s V8 flags (attachment limits raised to 100 MiB for the bench; upload slots at their default). Files are spooled encrypted to DATA_DIR/tmp/uploads as they arrive and streamed from there into the database.`,
      '',
      `| | server RSS |`,
      `|---|---:|`,
      `| before the burst | ${mib(before.VmRSS)} |`,
      `| peak during the burst${hwmReset ? ' (VmHWM after reset, and samples every 50 ms)' : ' (samples every 50 ms)'} | **${mib(peak)}** |`,
      `| ${SETTLE_MS / 1000} s after the burst | ${mib(after.VmRSS)} |`,
      '',
      `- answers: ${statuses} (${ok} of ${REPORTS} stored) in ${seconds.toFixed(1)} s (${((REPORTS * FILE_MB) / seconds).toFixed(0)} MiB/s received, encrypted and stored)`,
      `- cases in the database: ${counts.cases}`,
      `- target: peak ≤ ${TARGET_PEAK_MIB} MiB: **${met ? 'met' : 'NOT met'}**`,
    ].join('\n');
    return { name: 'uploads', met, markdown };
  } finally {
    await server.stop();
  }
}

module.exports = { name: 'uploads', run };

if (require.main === module) runStandalone(module.exports);
