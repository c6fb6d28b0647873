import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import request from 'supertest';
import { UploadGate } from '../src/platform/uploads/spool/upload-gate';
import { UploadReceiver } from '../src/platform/uploads/multipart';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { binaryBody } from './support/binary-body';
import { AUTHOR, docx, mentionsAuthor, odt, pdfkitDocument, zipMentionsAuthor } from './support/documents';
import { pdfPages } from './support/pdf-text';
import { until } from './support/until';

/**
 * Uploads (issue 10): files are spooled encrypted and freed with their request, a busy instance
 * answers 503 with Retry-After, a client's daily bytes are capped (429), photo dimensions are
 * checked from the header, and documents lose their author metadata on the way into the case.
 */
const MiB = 1024 * 1024;

function report(extra: Record<string, string> = {}) {
  return {
    category: 'illegal_levy',
    opd: 'DUKCAPIL',
    title: 'Pungutan untuk pembuatan KTP',
    description: 'Setiap warga yang membuat KTP diminta membayar Rp 50.000 di loket 3, sejak Januari.',
    anonymous: 'yes',
    consent: 'yes',
    strip_metadata: 'yes',
    ...extra,
  };
}

async function counts(t: TestApp) {
  const [row] = await t.db.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_attachments) AS attachments, (SELECT count(*) FROM case_attachment_chunks) AS chunks`,
  );
  return row;
}

/** What the descriptors of this process (the app runs in it) on files in `dir` point to. */
function openFilesIn(dir: string): string[] {
  return fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(dir + path.sep) ? [target] : [];
    } catch {
      return [];
    }
  });
}

/** Waits for something the app does asynchronously (not for time to pass): fails after 10 s. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc(height * (1 + Math.ceil(width / 8))));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

/** A multipart report whose file part is sent in part and then held open, as a slow phone would. */
function heldUpload(url: string): { sent: Promise<void>; abort: () => void } {
  const boundary = 'HELD';
  const head = Object.entries(report())
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="rekaman.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
  const u = new URL(url);
  const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/api/v1/reports', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
  req.on('error', () => undefined);
  const sent = new Promise<void>((resolve) => req.write(Buffer.concat([Buffer.from(head + fileHead), Buffer.alloc(200 * 1024, 1)]), () => resolve()));
  return { sent, abort: () => req.destroy() };
}

describe('uploads', () => {
  let t: TestApp;
  let dataDir: string;
  let supervisorToken: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-uploads-'));
    // What a process killed between opening and unlinking a spool file would leave behind.
    const spoolDir = path.join(dataDir, 'tmp', 'uploads');
    fs.mkdirSync(spoolDir, { recursive: true });
    fs.writeFileSync(path.join(spoolDir, 'upload-left-by-a-crash'), 'ciphertext');
    fs.utimesSync(path.join(spoolDir, 'upload-left-by-a-crash'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    fs.writeFileSync(path.join(spoolDir, 'not-ours.txt'), 'kept');
    t = await startTestApp({
      env: {
        DATA_DIR: dataDir,
        ATTACHMENT_MAX_FILE_MB: '2',
        ATTACHMENT_MAX_TOTAL_MB: '2',
        UPLOAD_MAX_CONCURRENT: '1',
        UPLOAD_DAILY_QUOTA_MB: '4',
        RATE_LIMIT_REPORT: '1000',
        RATE_LIMIT_LOGIN: '1000',
      },
    });
    const supervisor = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    supervisorToken = (await request(t.url).post('/api/v1/auth/login').send({ email: supervisor.email, password: supervisor.password }).expect(200)).body.accessToken;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const spoolDir = () => t.app.get(UploadReceiver).spoolDir;
  const gate = () => t.app.get(UploadGate);

  it('sweeps spool files left by an earlier process at start, and nothing else', () => {
    expect(fs.readdirSync(spoolDir())).toEqual(['not-ours.txt']);
  });

  async function download(caseId: string, attachmentId: string): Promise<Buffer> {
    const res = await request(t.url).get(`/staff/cases/${caseId}/attachments/${attachmentId}`).set('Authorization', `Bearer ${supervisorToken}`).buffer(true).parse(binaryBody).expect(200);
    return res.body as Buffer;
  }

  async function attachmentsOfNewestCase(): Promise<{ caseId: string; files: { id: string; filename: string; metadataRemoved: boolean }[] }> {
    const [row] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY submitted_at DESC, id DESC LIMIT 1`);
    const detail = await request(t.url).get(`/api/v1/cases/${row.id}`).set('Authorization', `Bearer ${supervisorToken}`).expect(200);
    return { caseId: row.id, files: detail.body.attachments };
  }

  it('stores PDF, DOCX and ODT without their author, still readable, read back decrypted', async () => {
    const pdf = await pdfkitDocument();
    const word = await docx();
    const text = await odt();
    expect(mentionsAuthor(pdf)).toBe(true);
    let req = request(t.url).post('/api/v1/reports');
    for (const [k, v] of Object.entries(report())) req = req.field(k, v);
    const res = await req.attach('attachments', pdf, 'laporan.pdf').attach('attachments', word, 'surat.docx').attach('attachments', text, 'catatan.odt').expect(201);
    expect(res.body).toMatchObject({ receipt: expect.any(String), mayCarryMetadata: [], notCleaned: [] });

    const { caseId, files } = await attachmentsOfNewestCase();
    const byName = (name: string) => files.find((f) => f.filename === name)!;
    expect(files.map((f) => [f.filename, f.metadataRemoved]).sort()).toEqual([
      ['catatan.odt', true],
      ['laporan.pdf', true],
      ['surat.docx', true],
    ]);
    const [storedPdf, storedDocx, storedOdt] = await Promise.all(['laporan.pdf', 'surat.docx', 'catatan.odt'].map((n) => download(caseId, byName(n).id)));
    expect(mentionsAuthor(storedPdf)).toBe(false);
    expect((await pdfPages(storedPdf)).join('')).toContain('Bukti setoran di loket 3.');
    expect(await zipMentionsAuthor(storedDocx)).toBe(false);
    expect(await zipMentionsAuthor(storedOdt)).toBe(false);
    // Nothing of the author anywhere in the database either (ciphertext only).
    const [dump] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM case_attachment_chunks WHERE position($1::bytea in data) > 0`, [Buffer.from(AUTHOR)]);
    expect(dump.n).toBe('0');
  });

  it('stores an encrypted PDF as sent and says so on the receipt page and in the API answer', async () => {
    const locked = await pdfkitDocument({ userPassword: 'rahasia', ownerPassword: 'pemilik' });
    let form = request(t.url).post('/report');
    for (const [k, v] of Object.entries(report({ lang: 'en' }))) form = form.field(k, v);
    const page = await form.attach('attachments', locked, 'terkunci.pdf').expect(200);
    expect(page.text).toContain('id="not-cleaned"');
    expect(page.text).toContain('terkunci.pdf: the document is password-protected or encrypted, so it cannot be changed');

    let api = request(t.url).post('/api/v1/reports');
    for (const [k, v] of Object.entries(report())) api = api.field(k, v);
    const res = await api.attach('attachments', locked, 'terkunci.pdf').expect(201);
    expect(res.body.notCleaned).toEqual([{ filename: 'terkunci.pdf', reason: 'encrypted', message: expect.stringContaining('terenkripsi') }]);
    expect(res.body.mayCarryMetadata).toEqual(['terkunci.pdf']);
    const { caseId, files } = await attachmentsOfNewestCase();
    expect((await download(caseId, files[0].id)).equals(locked)).toBe(true);
  });

  it('refuses a 30,000 × 30,000 PNG from its header (413), even when metadata is kept, storing nothing', async () => {
    const before = await counts(t);
    const bomb = png(30_000, 30_000);
    for (const strip of ['yes', 'no']) {
      let req = request(t.url).post('/api/v1/reports');
      for (const [k, v] of Object.entries(report({ strip_metadata: strip }))) req = req.field(k, v);
      const res = await req.attach('attachments', bomb, 'peta.png').expect(413);
      expect(res.body.errors).toEqual([{ field: 'attachments', message: expect.stringContaining('30000 × 30000') }]);
    }
    expect(await counts(t)).toEqual(before);
  });

  it('answers 503 with Retry-After beyond UPLOAD_MAX_CONCURRENT, on the API and the form, keeping what was typed and storing nothing', async () => {
    const before = await counts(t);
    const held = heldUpload(t.url);
    try {
      await held.sent;
      await until('the held upload has its slot', () => gate().uploadsInFlight === 1, { timeoutMs: 10_000, intervalMs: 10 });
      // Spooling: once open, the file has no name on disk, only this process's descriptor.
      await until('the spool file is open and unlinked', () => openFilesIn(spoolDir()).filter((f) => f.endsWith('(deleted)')).length === 1, { timeoutMs: 10_000, intervalMs: 10 });
      expect(fs.readdirSync(spoolDir()).filter((n) => n.startsWith('upload-'))).toEqual([]);
      await expectBusy();
    } finally {
      held.abort();
    }
    await until('the aborted upload released its slot', () => gate().uploadsInFlight === 0, { timeoutMs: 10_000, intervalMs: 10 });
    await until('the aborted upload freed its spool file', () => openFilesIn(spoolDir()).length === 0, { timeoutMs: 10_000, intervalMs: 10 });
    const after = await counts(t);
    expect(Number(after.cases)).toBe(Number(before.cases) + 1);
    expect(after.attachments).toBe(before.attachments);

    let again = request(t.url).post('/api/v1/reports');
    for (const [k, v] of Object.entries(report())) again = again.field(k, v);
    await again.attach('attachments', Buffer.from('catatan'), 'catatan.txt').expect(201);
    await until('the stored upload freed its spool file', () => openFilesIn(spoolDir()).length === 0, { timeoutMs: 10_000, intervalMs: 10 });
  });

  async function expectBusy() {
    let api = request(t.url).post('/api/v1/reports');
    for (const [k, v] of Object.entries(report())) api = api.field(k, v);
    const busy = await api.attach('attachments', Buffer.from('catatan'), 'catatan.txt').expect(503);
    expect(busy.headers['retry-after']).toBe('30');
    expect(busy.body).toMatchObject({ code: 'uploads_busy', message: expect.stringContaining('tidak ada yang disimpan') });

    let form = request(t.url).post('/report');
    for (const [k, v] of Object.entries(report({ lang: 'en', title: 'Judul yang diketik pelapor' }))) form = form.field(k, v);
    const page = await form.attach('attachments', Buffer.from('catatan'), 'catatan.txt').expect(503);
    expect(page.headers['retry-after']).toBe('30');
    expect(page.text).toContain('nothing was saved');
    expect(page.text).toContain('value="Judul yang diketik pelapor"');

    // A report without files needs no slot.
    await request(t.url)
      .post('/api/v1/reports')
      .send({ ...report(), anonymous: true })
      .expect(201);
  }

  it('frees the spool files of a refused upload at once', async () => {
    let req = request(t.url).post('/api/v1/reports');
    for (const [k, v] of Object.entries(report())) req = req.field(k, v);
    await req.attach('attachments', Buffer.from('MZ\x90\x00binary'), 'alat.exe').expect(415);
    // Freed when the response closes, which the client may see a moment before the server does.
    await until('the refused upload released its slot', () => gate().uploadsInFlight === 0, { timeoutMs: 10_000, intervalMs: 10 });
    await until('the refused upload freed its spool file', () => openFilesIn(spoolDir()).length === 0, { timeoutMs: 10_000, intervalMs: 10 });
  });

  it("answers 429 once a client's daily bytes are used, storing nothing", async () => {
    const big = Buffer.alloc(Math.floor(1.9 * MiB), 'a');
    const send = (name: string) => {
      let req = request(t.url).post('/api/v1/reports');
      for (const [k, v] of Object.entries(report())) req = req.field(k, v);
      return req.attach('attachments', big, name);
    };
    // The earlier tests sent well under 1 MiB; 4 MiB a day leaves room for one of these.
    await send('satu.txt').expect(201);
    const before = await counts(t);
    const refused = await send('dua.txt').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(86_400);
    expect(refused.body).toMatchObject({ code: 'upload_quota_exceeded', errors: [{ field: 'attachments', message: expect.stringContaining('4 MB') }] });

    let form = request(t.url).post('/report');
    for (const [k, v] of Object.entries(report({ lang: 'en' }))) form = form.field(k, v);
    const page = await form.attach('attachments', big, 'tiga.txt').expect(429);
    expect(page.text).toContain('Nothing was saved');
    expect(await counts(t)).toEqual(before);
    await until('the refused uploads freed their spool files', () => openFilesIn(spoolDir()).length === 0, { timeoutMs: 10_000, intervalMs: 10 });

    // Staff share the office's address with reporters on its network: their files are not counted.
    const { caseId } = await attachmentsOfNewestCase();
    await request(t.url)
      .post(`/api/v1/cases/${caseId}/messages`)
      .set('Authorization', `Bearer ${supervisorToken}`)
      .field('body', 'Formulir terlampir')
      .attach('attachments', big, 'formulir.txt')
      .expect(201);
  });
});
