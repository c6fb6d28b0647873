import * as http from 'node:http';
import * as zlib from 'node:zlib';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PlainCategoryWords1764300017400 } from '../src/catalog/migrations/1764300017400-plain-category-words';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { untilIdle } from './support/idle';
import { bearer, pageSession, postReceiptForm } from './support/pages';
import { SmtpSink } from './support/smtp-sink';

/**
 * The frightened reporter's path (issue 14): Indonesian unless the reporter picks English,
 * safety advice and the onion address where a report starts, a date field that reads what
 * people type, and pages light enough for 3G and Tor once compressed.
 */
const ONION = 'http://' + 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx' + '.onion';
const EN_US = 'en-US,en;q=0.9';

function report(extra: Record<string, string> = {}) {
  return {
    category: 'illegal_levy',
    title: 'Pungutan untuk pembuatan KTP',
    description: 'Setiap warga yang membuat KTP diminta membayar Rp 50.000 di loket 3, sejak Januari.',
    anonymous: 'yes',
    consent: 'yes',
    ...extra,
  };
}

/** The response as it travels: raw body bytes, undecoded, and the headers. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function caseCount(t: TestApp): Promise<number> {
  const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  return row.n;
}

describe('the reporter path: language, safety advice, forgiving form, weight', () => {
  const sink = new SmtpSink();
  let t: TestApp;

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ env: { ONION_ADDRESS: ONION, SMTP_URL: sink.url, MAIL_POLL_MS: '100', RATE_LIMIT_REPORT: '1000' } });
    await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  describe('language', () => {
    it.each([
      ['/', 'Bagaimana identitas Anda dilindungi'],
      ['/report', 'Kirim laporan'],
      ['/track', 'Masukkan nomor resi'],
    ])('answers %s in Indonesian to a browser that asks for English pages', async (path, indonesian) => {
      const res = await request(t.url).get(path).set('Accept-Language', EN_US).expect(200);
      expect(res.text).toContain('<html lang="id">');
      expect(res.text).toContain(indonesian);
      // The way to English stays one link away.
      expect(res.text).toMatch(/hreflang="en"[^>]*>English</);
    });

    it('switches to English only when the reporter chooses it', async () => {
      const res = await request(t.url).get('/report?lang=en').set('Accept-Language', 'id-ID').expect(200);
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toContain('Before you report: protect yourself');
      expect(res.text).toContain('<input type="hidden" name="lang" value="en">');
    });

    it('keeps the public JSON API messages in Indonesian despite Accept-Language: en-US', async () => {
      const res = await request(t.url)
        .post('/api/v1/reports')
        .set('Accept-Language', EN_US)
        .send(report({ title: '' }))
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'title', message: 'Isi judul singkat.' }]);
      const en = await request(t.url)
        .post('/api/v1/reports?lang=en')
        .send(report({ title: '' }))
        .expect(400);
      expect(en.body.errors).toEqual([{ field: 'title', message: 'Enter a short title.' }]);
    });

    it("saves a member's language from the link on a staff page, follows it on every device, and mails in it", async () => {
      const english = await t.createStaff([Role.Supervisor]);
      const language = async () => (await t.db.query<{ language: string }>(`SELECT language FROM staff WHERE id = $1`, [english.id]))[0].language;
      const first = await pageSession(t, english.email, english.password);
      expect((await first.agent.get('/staff/cases').set('Accept-Language', EN_US).expect(200)).text).toContain('<html lang="id">');
      // An API client's ?lang= counts for that request only.
      const auth = await bearer(t, english);
      await request(t.url).get('/api/v1/cases?lang=en').set('Authorization', auth).expect(200);
      expect(await language()).toBe('id');

      expect((await first.agent.get('/staff/cases?lang=en').expect(200)).text).toContain('<html lang="en">');
      expect(await language()).toBe('en');
      expect((await first.agent.get('/staff/notifications').expect(200)).text).toContain('<html lang="en">');
      // Another browser, no language cookie: the saved choice still holds, for pages and the API.
      const second = await pageSession(t, english.email, english.password);
      expect((await second.agent.get('/staff/cases').expect(200)).text).toContain('<html lang="en">');
      const refused = await request(t.url).post('/api/v1/cases/00000000-0000-4000-8000-000000000000/notes').set('Authorization', auth).send({}).expect(400);
      expect(refused.body.errors).toEqual([{ field: 'body', message: 'Write the note first.' }]);

      await request(t.url)
        .post('/api/v1/reports')
        .set('Accept-Language', 'id-ID')
        .send({ ...report(), anonymous: true })
        .expect(201);
      await untilIdle(t);
      const en = await sink.waitFor(/^New report WBS-\d{4}-\d{5} needs verification$/, 1);
      expect(en.flatMap((m) => m.to)).toEqual([english.email]);
      const id = sink.matching(/^Laporan baru WBS-\d{4}-\d{5} perlu diverifikasi$/);
      expect(id.length).toBeGreaterThan(0);
      expect(id.flatMap((m) => m.to)).not.toContain(english.email);
    });
  });

  describe('safety advice and the onion address', () => {
    it('puts the advice at the top of / and /report, and protection before the list of categories', async () => {
      for (const path of ['/', '/report']) {
        const html = (await request(t.url).get(path).expect(200)).text;
        const main = html.slice(html.indexOf('<main'));
        const advice = main.indexOf('Sebelum melapor: lindungi diri Anda');
        expect(advice).toBeGreaterThan(0);
        // Before anything else the page offers: the buttons on /, the form on /report.
        const firstAction = path === '/' ? main.indexOf('href="/report') : main.indexOf('<form');
        expect(firstAction).toBeGreaterThan(advice);
        expect(main).toContain('Jangan gunakan komputer kantor, Wi-Fi kantor, atau telepon dinas');
        expect(main).toContain('jendela pribadi');
        expect(main).toContain('Tor Browser');
        expect(main).toContain(`<code class="onion">${ONION}</code>`);
      }
      const landing = (await request(t.url).get('/').expect(200)).text;
      expect(landing.indexOf('Bagaimana identitas Anda dilindungi')).toBeGreaterThan(0);
      expect(landing.indexOf('Bagaimana identitas Anda dilindungi')).toBeLessThan(landing.indexOf('Apa yang dapat dilaporkan'));
    });

    it('sends Onion-Location with the same path on reporter pages only', async () => {
      const page = await request(t.url).get('/report?lang=en').expect(200);
      expect(page.headers['onion-location']).toBe(`${ONION}/report?lang=en`);
      expect((await request(t.url).get('/').expect(200)).headers['onion-location']).toBe(`${ONION}/`);
      expect((await request(t.url).get('/track').expect(200)).headers['onion-location']).toBe(`${ONION}/track`);
      expect((await request(t.url).get('/staff/login').expect(200)).headers['onion-location']).toBeUndefined();
      expect((await request(t.url).get('/api/v1/meta/categories').expect(200)).headers['onion-location']).toBeUndefined();
    });

    it('tells the reporter on the receipt page to write the receipt on paper, not to screenshot it', async () => {
      const res = await request(t.url).post('/report').field(report()).expect(200);
      expect(res.text).toContain('id="receipt"');
      expect(res.text).toContain('Tulis resi di kertas sekarang');
      expect(res.text).toContain('tangkapan layar');
    });

    it('names the time zone (WITA) beside every time on the tracking page, in both languages', async () => {
      const filed = await request(t.url)
        .post('/api/v1/reports')
        .send({ ...report(), anonymous: true })
        .expect(201);
      const agent = request.agent(t.url);
      expect((await postReceiptForm(agent, filed.body.receipt)).status).toBe(303);
      for (const lang of ['id', 'en']) {
        const html = (await agent.get(`/track/case?lang=${lang}`).expect(200)).text;
        const times = html.match(/\d{2}[.:]\d{2}(?: WITA)?/g) ?? [];
        expect({ lang, found: times.length > 0 }).toEqual({ lang, found: true });
        expect({ lang, times: times.filter((x) => !x.endsWith(' WITA')) }).toEqual({ lang, times: [] });
      }
    });
  });

  describe('a forgiving form', () => {
    it('states the date format, the minimum lengths and the identity rules before any error', async () => {
      const html = (await request(t.url).get('/report').expect(200)).text;
      const before = (needle: string, field: string) => expect(html.indexOf(needle)).toBeLessThan(html.indexOf(`id="${field}"`));
      before('tanggal/bulan/tahun, misalnya 17/08/2025', 'occurred_on');
      before('Minimal 5 karakter', 'title');
      before('Minimal 30 karakter', 'description');
      before('dibuang dan tidak disimpan', 'reporter_name');
      expect(html).toMatch(/<input type="text" id="occurred_on"/);
      for (const field of ['reporter_name', 'reporter_phone', 'reporter_email']) {
        const label = html.slice(html.indexOf(`<label for="${field}"`), html.indexOf(`id="${field}"`));
        expect({ field, label }).toEqual({ field, label: expect.stringContaining('Kosongkan bila memilih anonim') });
      }
      for (const jargon of ['petugas kustodian', 'terlapor', 'MiB', 'TTTT-BB-HH', '5W1H', 'Salinan basis data saja']) expect(html).not.toContain(jargon);
      const en = (await request(t.url).get('/report?lang=en').expect(200)).text;
      for (const text of ['Write day/month/year, e.g. 17/08/2025', 'At least 5 characters', 'At least 30 characters', 'Leave empty if you chose anonymous', 'discarded and not stored'])
        expect(en).toContain(text);
      expect(en).not.toMatch(/MiB|5W1H|YYYY-MM-DD/);
    });

    it('accepts a date written DD/MM/YYYY from the form, and ISO from the API', async () => {
      const before = await caseCount(t);
      const res = await request(t.url)
        .post('/report')
        .field(report({ occurred_on: '17/02/2026', title: 'Tanggal ditulis cara Indonesia' }))
        .expect(200);
      expect(res.text).toContain('id="receipt"');
      expect(await caseCount(t)).toBe(before + 1);
      const api = await request(t.url)
        .post('/api/v1/reports')
        .send({ ...report({ occurred_on: '2026-02-17' }), anonymous: true })
        .expect(201);
      expect(api.body.receipt).toEqual(expect.any(String));
    });

    it('refuses 31/02/2026 beside the field, keeps the typed date, asks for files again, and stores nothing', async () => {
      const before = await caseCount(t);
      const res = await request(t.url)
        .post('/report')
        .field(report({ occurred_on: '31/02/2026' }))
        .expect(400);
      expect(res.text).toContain('id="occurred_on-error"');
      expect(res.text).toContain('Tanggal ini tidak ada di kalender atau tidak terbaca');
      expect(res.text).toContain('value="31/02/2026"');
      expect(res.text).toContain('Bila Anda melampirkan berkas, berkas itu belum terkirim: pilih berkasnya lagi sebelum mengirim.');
      const api = await request(t.url)
        .post('/api/v1/reports?lang=en')
        .send({ ...report({ occurred_on: '31/02/2026' }), anonymous: true })
        .expect(400);
      expect(api.body.errors).toEqual([{ field: 'occurred_on', message: 'This date does not exist or could not be read. Write day/month/year, e.g. 17/08/2025.' }]);
      expect(await caseCount(t)).toBe(before);
    });

    it('asks an anonymous reporter for no contact and drops identity fields typed anyway', async () => {
      const before = await caseCount(t);
      await request(t.url)
        .post('/report')
        .field(report({ reporter_name: 'Nama Yang Dibuang', reporter_phone: '', reporter_email: '' }))
        .expect(200);
      expect(await caseCount(t)).toBe(before + 1);
      const [row] = await t.db.query<{ anonymous: boolean; identity: Buffer | null }>(`SELECT anonymous, identity FROM cases ORDER BY submitted_at DESC, id LIMIT 1`);
      expect(row).toEqual({ anonymous: true, identity: null });
    });
  });

  describe('plain words in the seeded catalogue', () => {
    const description = async () => (await t.db.query<{ d: string }>(`SELECT description_id AS d FROM categories WHERE code = 'corruption'`))[0].d;

    it('explains "mark-up" on the landing page, and its down restores the seeded text only', async () => {
      expect((await request(t.url).get('/').expect(200)).text).toContain('harga yang digelembungkan (mark-up)');
      const runner = t.app.get(DataSource).createQueryRunner();
      try {
        const migration = new PlainCategoryWords1764300017400();
        await migration.down(runner);
        expect(await description()).toBe('Penyalahgunaan uang atau aset daerah, mark-up, atau kegiatan fiktif yang merugikan keuangan negara.');
        await migration.up(runner);
        expect(await description()).toContain('harga yang digelembungkan (mark-up)');
        // A description an admin rewrote is theirs: neither direction touches it.
        await t.db.query(`UPDATE categories SET description_id = 'Teks dari admin' WHERE code = 'corruption'`);
        await migration.down(runner);
        await migration.up(runner);
        expect(await description()).toBe('Teks dari admin');
      } finally {
        await runner.release();
      }
    });
  });

  describe('weight', () => {
    it.each(['br', 'gzip'])('sends /report in at most 4 KB of HTML with %s', async (encoding) => {
      const res = await rawGet(`${t.url}/report`, { 'Accept-Encoding': encoding });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
      expect(res.body.length).toBeLessThanOrEqual(4 * 1024);
      const html = (encoding === 'br' ? zlib.brotliDecompressSync(res.body) : zlib.gunzipSync(res.body)).toString('utf8');
      expect(html).toContain('<form method="post" action="/report"');
      expect(html.length).toBeGreaterThan(4 * 1024);
    });

    it('sends the page uncompressed to a client that does not ask, and staff pages never compressed', async () => {
      const plain = await rawGet(`${t.url}/report`, { 'Accept-Encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString('utf8')).toContain('<form method="post" action="/report"');
      const staff = await rawGet(`${t.url}/staff/login`, { 'Accept-Encoding': 'gzip, br' });
      expect(staff.status).toBe(200);
      expect(staff.headers['content-encoding']).toBeUndefined();
    });

    it("answers the browser's own /favicon.ico request with a small icon", async () => {
      const res = await rawGet(`${t.url}/favicon.ico`, {});
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/x-icon');
      expect(res.body.length).toBeLessThan(512);
      expect(res.body.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });
});
