'use strict';
/**
 * bench/uploads: the server's memory while it receives large reports. BENCH_UPLOAD_REPORTS (4)
 * reports are sent at once through POST /api/v1/reports, each with BENCH_UPLOAD_MB (96) MiB of
 * files: by default one video (an MP4 header, then patterned bytes: no cleaning, so the whole
 * file goes through the spool into the database); with BENCH_UPLOAD_KIND=pdf,
 * BENCH_UPLOAD_FILES (4) scanned-page PDFs naming an author, which are cleaned whole in memory
 * (one at a time) before they are stored. Against the compiled app in its own process with `npm start`'s V8
 * flags. The attachment limits are raised for the bench (ATTACHMENT_MAX_FILE_MB and
 * ATTACHMENT_MAX_TOTAL_MB 100, a large daily quota); the upload slots keep their default.
 *
 * Measured: the server's resident memory before, its peak during the burst (VmHWM, reset just
 * before the burst through /proc/<pid>/clear_refs, and the highest of samples every 50 ms), and
 * its resident memory a few seconds after. Target: peak ≤ 300 MiB.
 */
const fs = require('node:fs');
const http = require('node:http');
const { once } = require('node:events');
const { startServer, runStandalone } = require('./lib/server-process');

const REPORTS = positiveInt(process.env.BENCH_UPLOAD_REPORTS, 4);
const FILE_MB = positiveInt(process.env.BENCH_UPLOAD_MB, 96);
/** `mp4` (stored as sent) or `pdf` (cleaned of metadata: read whole, in the cleaning slots). */
const KIND = process.env.BENCH_UPLOAD_KIND === 'pdf' ? 'pdf' : 'mp4';
/** Files per report, sharing FILE_MB (a PDF may be at most 32 MiB to be cleaned). */
const FILES = positiveInt(process.env.BENCH_UPLOAD_FILES, KIND === 'pdf' ? 4 : 1);
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

/**
 * A scanned document: one page showing one large image stream, and an author in its Info
 * dictionary. The stream's bytes are generated while sent; `head` and `tail` frame them.
 */
function pdfParts(bytes) {
  const streamBytes = bytes - 1024;
  const head = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >> endobj\n' +
      `4 0 obj << /Type /XObject /Subtype /Image /Width 1 /Height ${streamBytes} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${streamBytes} >>\nstream\n`,
    'latin1',
  );
  const tail = Buffer.from(
    '\nendstream\nendobj\n5 0 obj << /Length 27 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream\nendobj\n6 0 obj << /Author (Bench Pelapor) /Producer (Scanner) >> endobj\ntrailer << /Root 1 0 R /Info 6 0 R >>\n%%EOF\n',
    'latin1',
  );
  return { head, streamBytes, tail };
}

/** Sends one multipart report whose files are generated while they are sent (the bench holds 1 MiB). */
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
  const fieldPart = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join(''),
  );
  const fileBytes = Math.floor((FILE_MB * MiB) / FILES);
  const files = Array.from({ length: FILES }, (_, f) => {
    const partHead = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="bukti-${index}-${f}.${KIND}"\r\nContent-Type: ${KIND === 'pdf' ? 'application/pdf' : 'video/mp4'}\r\n\r\n`,
    );
    const framing = KIND === 'pdf' ? pdfParts(fileBytes) : { head: mp4Header(), streamBytes: fileBytes - mp4Header().length, tail: Buffer.alloc(0) };
    return { partHead, ...framing };
  });
  const end = Buffer.from(`--${boundary}--\r\n`);
  const length = fieldPart.length + files.reduce((n, f) => n + f.partHead.length + f.head.length + f.streamBytes + f.tail.length + 2, 0) + end.length;
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < block.length; i++) block[i] = (i * 7 + index) % 256;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/reports', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      },
    );
    req.on('error', reject);
    // Pieces in order; generated ones are written as the socket drains.
    const pieces = [fieldPart];
    for (const f of files) pieces.push(f.partHead, f.head, { generate: f.streamBytes }, f.tail, Buffer.from('\r\n'));
    pieces.push(end);
    const write = async () => {
      for (const piece of pieces) {
        if (Buffer.isBuffer(piece)) {
          if (!req.write(piece)) await once(req, 'drain');
          continue;
        }
        for (let left = piece.generate; left > 0;) {
          const n = Math.min(block.length, left);
          left -= n;
          if (!req.write(block.subarray(0, n))) await once(req, 'drain');
        }
      }
      req.end();
    };
    write().catch(reject);
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
    log(`uploads: ${REPORTS} reports of ${FILE_MB} MiB at once (${FILES} ${KIND} each) …`);
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
      `## uploads: ${REPORTS} × ${FILE_MB} MiB reports at once (${FILES} ${KIND.toUpperCase()} file${FILES > 1 ? 's' : ''} each)`,
      '',
      `${REPORTS} multipart reports sent at the same time to POST /api/v1/reports, each with ${FILES === 1 ? 'one' : FILES} ${KIND === 'pdf' ? `PDF${FILES > 1 ? 's' : ''} (a scanned page: one large image stream, an author in the Info dictionary, cleaned before storing)` : `MP4 video${FILES > 1 ? 's' : ''} (stored as sent)`} of ${(FILE_MB / FILES).toFixed(0)} MiB, against the compiled app in its own process with \`npm start\`'s V8 flags (attachment limits raised to 100 MiB for the bench; upload slots at their default). Files are spooled encrypted to DATA_DIR/tmp/uploads as they arrive and streamed from there into the database.`,
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
