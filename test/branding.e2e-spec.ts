import request from 'supertest';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { Branding1764300019200 } from '../src/branding/migrations/1764300019200-branding';
import { MailRenderer } from '../src/notifications/mail-renderer';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { binaryBody } from './support/binary-body';
import { untilIdle } from './support/idle';
import { until } from './support/until';
import { apiDocument, bearer, csrfOf, pageSession } from './support/pages';

/**
 * Issue 16, "The inspectorate's own name and words": an admin renames the inspectorate, rewrites
 * the public texts (a safe Markdown subset) and replaces the logo; a fresh install reads as before.
 */

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#1d4e89' } })
    .png()
    .toBuffer();

const HOSTILE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="32" height="32" viewBox="0 0 32 32" onload="alert('svg')">
  <script>alert('svg')</script>
  <image href="https://evil.example/track.png" width="32" height="32"/>
  <use xlink:href="https://evil.example/sprite.svg#x"/>
  <circle cx="16" cy="16" r="14" fill="#1d4e89"/>
</svg>`;

/** Every value the page form sends, as the page shows them, with some changed. */
function formWith(html: string, changes: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="text" id="([a-z_]+)" name="\1" value="([^"]*)"/g)) values[m[1]] = unescape(m[2]);
  for (const m of html.matchAll(/<textarea id="([a-z_]+)" name="\1"[^>]*>([^<]*)<\/textarea>/g)) values[m[1]] = unescape(m[2]);
  return { ...values, ...changes };
}

function unescape(html: string): string {
  return html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe("branding: the inspectorate's own name and words", () => {
  let t: TestApp;
  let admin: { id: string; email: string; password: string };
  let adminAuth: string;
  let page: Awaited<ReturnType<typeof pageSession>>;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000' } });
    admin = await t.createStaff([Role.Admin]);
    await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    adminAuth = await bearer(t, admin);
    page = await pageSession(t, admin.email, admin.password);
  });
  afterAll(async () => t.close());

  const stored = async () => (await t.db.query<{ texts: Record<string, string>; logo_hash: string | null }>(`SELECT texts, logo_hash FROM branding`))[0] ?? null;

  /** Posts the admin form (multipart, as the browser sends it). */
  async function postForm(status: number, fields: Record<string, string>, logo?: { bytes: Buffer; filename: string }) {
    const form = await page.agent.get('/staff/admin/branding').expect(200);
    let req = page.agent.post('/staff/admin/branding').field('_csrf', csrfOf(form.text));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (logo) req = req.attach('logo', logo.bytes, logo.filename);
    return req.expect(status);
  }

  async function currentForm(changes: Record<string, string> = {}) {
    return formWith((await page.agent.get('/staff/admin/branding').expect(200)).text, changes);
  }

  it('reads on a fresh install exactly as the pages did before the settings existed', async () => {
    const landing = (await request(t.url).get('/').expect(200)).text;
    expect(landing).toContain('<title>Laporkan pelanggaran oleh pegawai Pemerintah Kota Kendari · WBS Inspektorat Kota Kendari</title>');
    expect(landing).toContain('<img src="/assets/logo.svg" alt="" width="28" height="28">');
    expect(landing).toContain(
      '<h1>Laporkan pelanggaran oleh pegawai Pemerintah Kota Kendari</h1>\n<p class="lead">Anda melihat korupsi, pungutan liar, gratifikasi, atau pelanggaran lain oleh pegawai? Laporkan di sini. Identitas Anda dirahasiakan.</p>',
    );
    expect(landing).toContain('<p>Inspektorat Kota Kendari. Identitas pelapor dirahasiakan dan dilindungi dengan enkripsi.</p>');
    expect(landing).not.toContain('<address>');
    const english = (await request(t.url).get('/?lang=en').expect(200)).text;
    expect(english).toContain('<span>WBS Kendari City Inspectorate<small>');
    const form = (await request(t.url).get('/report').expect(200)).text;
    expect(form).toContain('<p>Ceritakan apa yang terjadi, siapa yang terlibat, kapan, di mana, dan bagaimana. Semakin jelas, semakin mudah ditindaklanjuti.</p>');
    expect(form).toContain('<span>Saya menyatakan laporan ini saya buat dengan itikad baik');
    expect(await stored()).toBeNull();
  });

  it('shows a preview of the typed texts, escaped and rendered, and stores nothing', async () => {
    const res = await postForm(200, await currentForm({ action: 'preview', landing_text_id: 'Pratinjau **tebal** <script>alert(1)</script>' }));
    expect(res.text).toContain('Pratinjau (belum disimpan)');
    expect(res.text).toContain('<p class="lead">Pratinjau <strong>tebal</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(res.text).not.toContain('<script>alert(1)');
    // The typed text stays in the form, escaped.
    expect(res.text).toContain('>Pratinjau **tebal** &lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(await stored()).toBeNull();
    expect((await request(t.url).get('/').expect(200)).text).not.toContain('Pratinjau');
  });

  it('refuses bad values beside each field, keeps the input and stores nothing', async () => {
    const res = await postForm(
      400,
      await currentForm({
        action: 'save',
        org_name_id: 'Inspektorat Kabupaten Muna',
        org_name_en: '',
        landing_title_id: 'x'.repeat(161),
        landing_text_en: 'See [our page](javascript:alert(1)).',
        phone: 'call us maybe',
      }),
    );
    expect(res.text).toContain('<span class="error" id="org_name_en-error">Wajib diisi.</span>');
    expect(res.text).toContain('<span class="error" id="landing_title_id-error">Terlalu panjang: maksimal 160 karakter.</span>');
    expect(res.text).toContain('<span class="error" id="landing_text_en-error">Tautan &quot;javascript:alert(1)&quot; tidak diizinkan');
    expect(res.text).toContain('<span class="error" id="phone-error">Nomor telepon hanya boleh');
    expect(res.text).toContain('value="Inspektorat Kabupaten Muna"');
    expect(await stored()).toBeNull();
    const api = await request(t.url)
      .patch('/api/v1/admin/branding')
      .set('Authorization', adminAuth)
      .send({ report_intro_id: '[x](data:text/html,hi)', short_name_en: 'y'.repeat(41) })
      .expect(400);
    expect(api.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['report_intro_id', 'short_name_en']);
    expect(await stored()).toBeNull();
  });

  it('shows the renamed inspectorate and its texts on the public pages, mails and in both languages, audited', async () => {
    await postForm(
      303,
      await currentForm({
        action: 'save',
        org_name_id: 'Inspektorat Kabupaten Konawe',
        org_name_en: 'Konawe Regency Inspectorate',
        short_name_id: 'Inspektorat Konawe',
        landing_title_id: 'Laporkan pelanggaran pegawai Kabupaten Konawe',
        landing_title_en: 'Report wrongdoing by Konawe regency staff',
        landing_text_id: 'Identitas Anda **dirahasiakan**. Lihat [situs kami](https://konawekab.go.id).\n\n<script>alert("x")</script>\n\n- satu\n- dua',
        landing_text_en: 'Your identity is *kept secret*.',
        phone: '(0408) 212 345',
        address: 'Jl. Inolobunggadue No. 1\nUnaaha',
        office_hours_id: 'Senin–Jumat 08.00–16.00 WITA',
        consent_text_id: 'Saya **setuju** dengan [aturan](https://konawekab.go.id/wbs).',
      }),
    );
    const landing = (await request(t.url).get('/').expect(200)).text;
    expect(landing).toContain('<title>Laporkan pelanggaran pegawai Kabupaten Konawe · WBS Inspektorat Kabupaten Konawe</title>');
    expect(landing).toContain('<span>WBS Inspektorat Kabupaten Konawe<small>');
    expect(landing).toContain('<p class="lead">Identitas Anda <strong>dirahasiakan</strong>. Lihat <a href="https://konawekab.go.id">situs kami</a>.</p>');
    expect(landing).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(landing).not.toContain('<script');
    expect(landing).toContain('<ul>\n<li>satu</li>');
    expect(landing).toContain('<address><span>(0408) 212 345</span><span class="lines">Jl. Inolobunggadue No. 1\nUnaaha</span><span>Senin–Jumat 08.00–16.00 WITA</span></address>');
    expect(landing).not.toContain('Kota Kendari');
    const english = (await request(t.url).get('/?lang=en').expect(200)).text;
    expect(english).toContain('<h1>Report wrongdoing by Konawe regency staff</h1>');
    expect(english).toContain('<p class="lead">Your identity is <em>kept secret</em>.</p>');
    expect(english).toContain('<p>Konawe Regency Inspectorate. The reporter&#x27;s identity');
    const form = (await request(t.url).get('/report').expect(200)).text;
    expect(form).toContain('<span>Saya <strong>setuju</strong> dengan <a href="https://konawekab.go.id/wbs">aturan</a>.</span>');
    expect(t.app.get(MailRenderer).render('id', { notice: 'new-report', caseNumber: 'WBS-2026-00001', path: '/staff/cases/x' }).text).toContain('Pesan otomatis dari WBS Inspektorat Konawe.');

    // Only what differs from the defaults is stored.
    const row = await stored();
    expect(row!.texts.org_name_id).toBe('Inspektorat Kabupaten Konawe');
    expect(row!.texts).not.toHaveProperty('report_intro_id');

    await untilIdle(t);
    const [entry] = await t.db.query<{ actor_id: string; detail: string }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'branding.settings-changed'`);
    expect(entry.actor_id).toBe(admin.id);
    expect(JSON.parse(entry.detail).changed).toEqual(expect.arrayContaining(['org_name_id', 'landing_text_id', 'phone']));
    expect(entry.detail).not.toContain('Konawe');
  });

  it('refuses a logo that is not a real PNG or SVG, or too large, or oddly sized, and stores nothing', async () => {
    const before = await stored();
    const fake = await postForm(400, await currentForm({ action: 'save' }), { bytes: Buffer.from('GIF89a....'), filename: 'logo.png' });
    expect(fake.text).toContain('<span class="error" id="logo-error">Logo harus berupa gambar PNG atau SVG.</span>');
    const big = await postForm(400, await currentForm({ action: 'save' }), { bytes: Buffer.alloc(200 * 1024, 7), filename: 'logo.png' });
    expect(big.text).toContain('<span class="error" id="logo-error">Logo terlalu besar: maksimal 100 KB.</span>');
    const tiny = await request(t.url)
      .put('/api/v1/admin/branding/logo')
      .set('Authorization', adminAuth)
      .set('Content-Type', 'image/png')
      .send(await png(4, 4))
      .expect(400);
    expect(tiny.body.errors).toEqual([expect.objectContaining({ field: 'logo', message: expect.stringContaining('4×4') })]);
    expect(await stored()).toEqual(before);
  });

  it('cleans an SVG logo of scripts, handlers and outside references and serves it safely', async () => {
    await postForm(303, await currentForm({ action: 'save' }), { bytes: Buffer.from(HOSTILE_SVG), filename: 'logo.svg' });
    const landing = (await request(t.url).get('/').expect(200)).text;
    const url = /<img src="(\/branding\/logo\/[0-9a-f]{16}\.svg)"/.exec(landing)![1];
    const res = await request(t.url).get(url).buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-security-policy']).toContain('sandbox');
    const svg = (res.body as Buffer).toString('utf8');
    expect(svg).toContain('<circle cx="16" cy="16" r="14" fill="#1d4e89"></circle>');
    expect(svg).not.toMatch(/script|onload|href|evil|<image|<use/i);
    // The staff pages show it too; an unknown hash is not found.
    expect((await page.agent.get('/staff/admin/branding').expect(200)).text).toContain(`<img src="${url}"`);
    await request(t.url).get('/branding/logo/0000000000000000.svg').expect(404);
  });

  it('takes a PNG through the API, serves it as a PNG, and goes back to the built-in logo', async () => {
    const res = await request(t.url)
      .put('/api/v1/admin/branding/logo')
      .set('Authorization', adminAuth)
      .set('Content-Type', 'image/png')
      .send(await png(64, 64))
      .expect(200);
    expect(res.body.logo.type).toBe('image/png');
    const served = await request(t.url).get(res.body.logo.url).buffer(true).parse(binaryBody).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect((await sharp(served.body as Buffer).metadata()).format).toBe('png');
    expect((await request(t.url).get('/').expect(200)).text).toContain(`<img src="${res.body.logo.url}"`);
    await request(t.url).delete('/api/v1/admin/branding/logo').set('Authorization', adminAuth).expect(200);
    expect((await request(t.url).get('/').expect(200)).text).toContain('<img src="/assets/logo.svg"');
    expect((await stored())!.logo_hash).toBeNull();
  });

  it('lets only admins see or change the settings', async () => {
    const supervisor = await t.createStaff([Role.Supervisor]);
    const auth = await bearer(t, supervisor);
    await request(t.url).get('/api/v1/admin/branding').set('Authorization', auth).expect(403);
    await request(t.url).patch('/api/v1/admin/branding').set('Authorization', auth).send({ org_name_id: 'Direbut' }).expect(403);
    await request(t.url)
      .put('/api/v1/admin/branding/logo')
      .set('Authorization', auth)
      .set('Content-Type', 'image/png')
      .send(await png(64, 64))
      .expect(403);
    await request(t.url).delete('/api/v1/admin/branding/logo').set('Authorization', auth).expect(403);
    const pages = await pageSession(t, supervisor.email, supervisor.password);
    await pages.agent.get('/staff/admin/branding').expect(403);
    await request(t.url).patch('/api/v1/admin/branding').send({ org_name_id: 'Direbut' }).expect(401);
    expect(JSON.stringify(await stored())).not.toContain('Direbut');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await apiDocument(t);
    expect(Object.keys(doc.paths['/api/v1/admin/branding'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(doc.paths['/api/v1/admin/branding/logo'])).toEqual(expect.arrayContaining(['put', 'delete']));
    expect(doc.paths['/api/v1/admin/branding/preview'].post).toBeDefined();
  });

  it('reaches another instance of the cluster: the logo at once, the texts within the cache time', async () => {
    const other = await startTestApp({ env: { DATA_DIR: t.config.dataDir }, database: t.db });
    try {
      expect((await request(other.url).get('/').expect(200)).text).toContain('WBS Inspektorat Kabupaten Konawe');
      await request(t.url).patch('/api/v1/admin/branding').set('Authorization', adminAuth).send({ org_name_id: 'Inspektorat Kabupaten Kolaka' }).expect(200);
      expect((await request(t.url).get('/').expect(200)).text).toContain('WBS Inspektorat Kabupaten Kolaka');
      await until('the other instance to show the new name', async () => (await request(other.url).get('/').expect(200)).text.includes('WBS Inspektorat Kabupaten Kolaka'), {
        timeoutMs: 30_000,
        intervalMs: 500,
      });
      const logo = await request(t.url)
        .put('/api/v1/admin/branding/logo')
        .set('Authorization', adminAuth)
        .set('Content-Type', 'image/png')
        .send(await png(48, 48))
        .expect(200);
      // Another instance's page may name the new logo before that instance read it again: never a 404.
      await request(other.url).get(logo.body.logo.url).expect(200);
    } finally {
      await other.close();
    }
  });

  it('has a migration that goes down and up again', async () => {
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      const migration = new Branding1764300019200();
      await t.db.query(`DELETE FROM branding`);
      await migration.down(runner);
      expect(await runner.hasTable('branding')).toBe(false);
      await migration.up(runner);
      expect(await runner.hasTable('branding')).toBe(true);
    } finally {
      await runner.release();
    }
  });
});
