import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { docx, pdfkitDocument } from './support/documents';
import { auditContext, AxeFinding, formatFindings, launchBrowser, PageGlobals, PHONE_VIEWPORT, reporterContext, ResponseRecorder, runAxe } from './support/browser';

/**
 * The whole journey in a real browser: a reporter with JavaScript off on a 360 px phone submits a
 * report with a geotagged photo, tracks it with a sloppily typed receipt, a supervisor reads it,
 * downloads the photo (its metadata gone) and replies, and the reporter reads the reply.
 */

jest.setTimeout(120_000);

const ARTIFACTS = path.join(__dirname, '.artifacts');
const MAX_PAGE_BYTES = 30 * 1024;
/** What an i18n key looks like (`site.footer`, `status.received`), were one printed untranslated. */
const I18N_KEY = /\b(?:site|staff|landing|report|receipt|track|upload|intake|status|http|auth|cases|password)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b/;
const MARKER = `penanda-uji-${Date.now().toString(36)}`;
const TITLE = 'Pungutan liar pada layanan izin usaha';
const DESCRIPTION = `Petugas loket meminta uang tambahan Rp 500.000 di luar tarif resmi untuk mempercepat izin usaha. ` + `Kejadian pada pagi hari di kantor pelayanan terpadu. Kode uji: ${MARKER}.`;
const REPLY = `Terima kasih, laporan sedang kami verifikasi. Mohon kirim nomor antrean Anda. (${MARKER}-balasan)`;

let app: TestApp;
let browser: Browser;
let reporter: BrowserContext;
let reporterPage: Page;
let recorder: ResponseRecorder;
let photoPath: string;
let tmpDir: string;
let supervisor: { id: string; email: string };

/** Dictionary keys printed instead of their text, per public page. */
const untranslatedKeys: string[] = [];
/** State the later steps need from the earlier ones. */
const journey: { receipt?: string; failedReportHtml?: string; receiptHtml?: string; reporterSawReply?: boolean } = {};

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-browser-'));
  app = await startTestApp();
  supervisor = await app.createStaff([Role.Supervisor]);
  await app.createStaff([Role.Custodian]);

  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884400' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '3/1 58/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '122/1 31/1 0/1' },
    })
    .toBuffer();
  const meta = await sharp(photo).metadata();
  expect(meta.exif).toBeDefined();
  expect(meta.exif!.includes('TestPhone')).toBe(true);
  photoPath = path.join(tmpDir, 'foto-loket.jpg');
  fs.writeFileSync(photoPath, photo);

  browser = await launchBrowser();
  reporter = await reporterContext(browser);
  reporterPage = await reporter.newPage();
  recorder = new ResponseRecorder(reporterPage);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

/**
 * What every public page must satisfy, checked on what the reporter's own browser received in
 * the step just taken: strict headers on every document, no cookie, light, no sideways scroll,
 * and no script at all.
 */
async function expectPublicPageOk(label: string, opts: { cookieAllowed?: boolean } = {}): Promise<void> {
  const docs = recorder.documents();
  expect(docs.length).toBeGreaterThan(0);
  for (const d of docs) {
    const headers = await d.headers;
    const where = `${label}: ${d.method} ${d.url} (${d.status})`;
    expect({ where, csp: headers['content-security-policy'] }).toEqual({ where, csp: expect.stringContaining("default-src 'none'") });
    expect({ where, csp: headers['content-security-policy'] }).toEqual({ where, csp: expect.not.stringMatching(/script-src|unsafe-inline/) });
    expect({ where, cacheControl: headers['cache-control'] }).toEqual({ where, cacheControl: expect.stringContaining('no-store') });
    expect({ where, referrerPolicy: headers['referrer-policy'] }).toEqual({ where, referrerPolicy: 'no-referrer' });
    if (!opts.cookieAllowed) expect({ where, setCookie: headers['set-cookie'] }).toEqual({ where, setCookie: undefined });
  }
  for (const r of recorder.responses) {
    const setCookie = (await r.headers)['set-cookie'];
    if (!opts.cookieAllowed) expect({ url: r.url, setCookie }).toEqual({ url: r.url, setCookie: undefined });
  }
  if (!opts.cookieAllowed) expect({ label, cookies: await reporter.cookies() }).toEqual({ label, cookies: [] });

  const weight = await recorder.pageWeight();
  if (weight.total >= MAX_PAGE_BYTES) console.log(`${label} weighs ${weight.total} B`, weight.parts);
  expect(weight.total).toBeLessThan(MAX_PAGE_BYTES);

  // evaluate() runs in the page even with the page's own scripts disabled.
  const layout = await reporterPage.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as PageGlobals;
    return {
      innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      scripts: document.querySelectorAll('script').length,
      stylesheets: document.styleSheets.length,
    };
  });
  expect({ label, ...layout }).toEqual({
    label,
    innerWidth: PHONE_VIEWPORT.width,
    scrollWidth: expect.any(Number),
    bodyScrollWidth: expect.any(Number),
    scripts: 0,
    stylesheets: 1,
  });
  // A dictionary key shown instead of its text ("site.name") means a dictionary is not loaded.
  const untranslated = await reporterPage.evaluate((pattern) => {
    const { document } = globalThis as unknown as PageGlobals;
    const texts = [document.title, document.body.innerText];
    for (const e of Array.from(document.querySelectorAll('[aria-label], [alt], [placeholder], [title]'))) {
      for (const a of ['aria-label', 'alt', 'placeholder', 'title']) texts.push(e.getAttribute(a) ?? '');
    }
    return [...new Set(texts.join('\n').match(new RegExp(pattern, 'g')) ?? [])];
  }, I18N_KEY.source);
  // Checked in a test of its own (below), so that a missing text does not stop the journey.
  if (untranslated.length) untranslatedKeys.push(`${label}: ${untranslated.join(', ')}`);

  await reporterPage.screenshot({ path: path.join(ARTIFACTS, `browser-${label}-360.png`), fullPage: true });
  if (layout.scrollWidth > PHONE_VIEWPORT.width) console.log(`${label} scrolls sideways: ${layout.scrollWidth} px`, await widestElements(reporterPage));
  expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
  expect(layout.bodyScrollWidth).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
}

/** The elements sticking out past the viewport, to say what to fix when a page scrolls sideways. */
function widestElements(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const { document } = globalThis as unknown as PageGlobals;
    return Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .slice(0, 10)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} right=${Math.round(e.getBoundingClientRect().right)}`);
  }, PHONE_VIEWPORT.width);
}

/** Clicks the form's submit button and waits for the page the POST answered with. */
async function submitAndWait(page: Page, formSelector: string, pathname: string, resultSelector: string) {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === pathname);
  await page.locator(`${formSelector} button[type=submit]`).click();
  const response = await answered;
  await page.locator(resultSelector).first().waitFor();
  await page.waitForLoadState('load');
  return response;
}

describe('the public site and the staff inbox in a real browser', () => {
  it('lets a reporter with JavaScript off file a report with a geotagged photo', async () => {
    const page = reporterPage;

    recorder.reset();
    const landing = await page.goto(app.url + '/');
    expect(landing!.status()).toBe(200);
    await expectPublicPageOk('landing');

    recorder.reset();
    await page.locator('main a[href^="/report"]').first().click();
    await page.waitForURL((u) => u.pathname === '/report');
    await page.locator('form[action="/report"]').waitFor();
    expect(recorder.documents().at(-1)!.status).toBe(200);
    await expectPublicPageOk('report-form');

    // A first attempt with mistakes: too short a story and no consent.
    await page.locator('#category').selectOption({ index: 1 });
    await page.locator('#title').fill(TITLE);
    await page.locator('#description').fill('Terlalu pendek.');
    recorder.reset();
    const failed = await submitAndWait(page, 'form[action="/report"]', '/report', '#errors');
    expect(failed.status()).toBe(400);
    await expect(page.locator('#errors a[href="#description"]').count()).resolves.toBe(1);
    await expect(page.locator('#description-error').isVisible()).resolves.toBe(true);
    await expect(page.locator('#consent-error').isVisible()).resolves.toBe(true);
    await expect(page.locator('#title').inputValue()).resolves.toBe(TITLE);
    await expect(page.locator('#category').inputValue()).resolves.not.toBe('');
    await expectPublicPageOk('report-form-with-errors');
    journey.failedReportHtml = await page.content();

    // The corrected report, anonymous, with the photo and metadata removal left on.
    await page.locator('#description').fill(DESCRIPTION);
    await page.locator('input[name="anonymous"][value="yes"]').check();
    await page.locator('#consent').check();
    await page.locator('#attachments').setInputFiles(photoPath);
    const strip = page.locator('input[type="checkbox"][name="strip_metadata"]');
    await expect(strip.isChecked()).resolves.toBe(true);
    recorder.reset();
    const sent = await submitAndWait(page, 'form[action="/report"]', '/report', '#receipt');
    expect(sent.status()).toBe(200);
    const receipt = (await page.locator('#receipt').innerText()).trim();
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    journey.receipt = receipt;
    journey.receiptHtml = await page.content();
    // The photo's metadata was removed, so the receipt page must not warn about it.
    await expect(page.locator('body').innerText()).resolves.not.toContain('foto-loket.jpg');
    await expectPublicPageOk('receipt');

    const stored = await app.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases');
    expect(stored[0].n).toBe('1');
  });

  it('opens the case with the receipt typed in lower case with spaces', async () => {
    const page = reporterPage;
    expect(journey.receipt).toBeDefined();

    recorder.reset();
    await page.locator('a[href^="/track"]').first().click();
    await page.waitForURL((u) => u.pathname === '/track');
    await page.locator('#receipt').waitFor();
    await expectPublicPageOk('track-form');

    const typed = journey.receipt!.toLowerCase().replace(/-/g, ' ');
    expect(typed).not.toBe(journey.receipt);
    await page.locator('#receipt').fill(typed);
    recorder.reset();
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/track');
    await page.locator('form[action="/track"] button[type=submit]').click();
    expect((await answered).status()).toBe(303);
    await page.waitForURL((u) => u.pathname === '/track/case');
    await page.locator('#messages').waitFor();
    await expectPublicPageOk('track-case', { cookieAllowed: true });

    await expect(page.locator('dl.facts').innerText()).resolves.toContain('Diterima');
    await expect(page.locator('body').innerText()).resolves.toContain('foto-loket.jpg');
    await expect(page.locator('#messages').innerText()).resolves.toContain('Belum ada pesan.');

    const cookies = await reporter.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: 'wbs_track', httpOnly: true, sameSite: 'Strict', path: '/track' });
  });

  it('lets the supervisor read the case, download the photo without its metadata, and reply', async () => {
    const staff = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID', acceptDownloads: true });
    try {
      const page = await staff.newPage();
      await page.goto(app.url + '/staff/login');
      await page.locator('#email').fill(supervisor.email);
      await page.locator('#password').fill(TEST_PASSWORD);
      await page.locator('form[action="/staff/login"] button[type=submit]').click();
      await page.waitForURL((u) => u.pathname === '/staff/cases');

      const row = page.locator('table tbody tr', { hasText: TITLE });
      await expect(row.count()).resolves.toBe(1);
      await row.locator('a[href^="/staff/cases/"]').first().click();
      await page.waitForURL((u) => /^\/staff\/cases\/[0-9a-f-]{36}$/.test(u.pathname));
      await expect(page.locator('pre.narrative').innerText()).resolves.toContain(MARKER);
      await expect(page.locator('h1').innerText()).resolves.toContain(TITLE);

      const link = page.locator('a[href*="/attachments/"]', { hasText: 'foto-loket.jpg' });
      await expect(link.count()).resolves.toBe(1);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('foto-loket.jpg');
      const downloaded = fs.readFileSync((await download.path())!);
      const meta = await sharp(downloaded).metadata();
      expect(meta.format).toBe('jpeg');
      expect({ width: meta.width, height: meta.height }).toEqual({ width: 64, height: 48 });
      expect(meta.exif).toBeUndefined();
      expect(downloaded.includes('TestPhone')).toBe(false);
      expect(downloaded.includes('GPS')).toBe(false);

      await page.locator('#body').fill(REPLY);
      await page.locator('#messages form button[type=submit]').click(); // a preview first
      await page.waitForURL((u) => u.pathname.endsWith('/messages/preview'));
      await expect(page.locator('#reporter-view .msg-body').innerText()).resolves.toBe(REPLY);
      await page.locator('#confirm button[value=send]').click();
      await page.waitForURL((u) => /^\/staff\/cases\/[0-9a-f-]{36}$/.test(u.pathname) && u.hash === '#messages');
      await expect(page.locator('#messages .msg.inspectorate').innerText()).resolves.toContain(REPLY);
    } finally {
      await staff.close();
    }
  });

  it('shows the reply to the reporter as from "Inspektorat", without a staff name', async () => {
    const page = reporterPage;
    recorder.reset();
    await page.reload();
    await page.locator('#messages').waitFor();
    await expectPublicPageOk('track-case-with-reply', { cookieAllowed: true });

    const reply = page.locator('#messages .msg.inspectorate');
    await expect(reply.count()).resolves.toBe(1);
    const text = await reply.innerText();
    expect(text).toContain(REPLY);
    await expect(reply.locator('.meta').innerText()).resolves.toMatch(/^Inspektorat\s·/);
    const body = await page.locator('body').innerText();
    expect(body).not.toContain(supervisor.email);
    expect(body).not.toMatch(/Staff supervisor/i);
    expect(await reporter.cookies()).toHaveLength(1);
    journey.reporterSawReply = true;
  });

  it('shows every public page in words, not dictionary keys', () => {
    expect(journey.reporterSawReply).toBe(true);
    expect(untranslatedKeys).toEqual([]);
  });

  it('has no serious or critical axe-core violations on any public page', async () => {
    expect(journey.failedReportHtml && journey.receiptHtml).toBeTruthy();
    const audit = await auditContext(browser);
    try {
      // The reporter's session, so /track/case shows the same case (with the reply).
      await audit.addCookies(await reporter.cookies());
      const page = await audit.newPage();
      /** Pages answering a POST are replayed as the reporter's browser received them, at their own URL. */
      const replay = async (html: string) => {
        await page.route(`${app.url}/report?replay`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
        await page.goto(`${app.url}/report?replay`);
        await page.unrouteAll();
      };
      const pages: [string, () => Promise<unknown>][] = [
        ['/', () => page.goto(app.url + '/')],
        ['/report', () => page.goto(app.url + '/report')],
        ['/report with errors', () => replay(journey.failedReportHtml!)],
        ['receipt', () => replay(journey.receiptHtml!)],
        ['/track', () => page.goto(app.url + '/track')],
        [
          '/track with an error',
          async () => {
            await page.goto(app.url + '/track');
            await page.locator('#receipt').fill('0000-0000-0000-0000');
            await submitAndWait(page, 'form[action="/track"]', '/track', '#receipt-error');
          },
        ],
        ['/track/case', () => page.goto(app.url + '/track/case')],
      ];
      // First prove the audit really runs: a page with known faults must be reported.
      await replay('<!doctype html><html><head><title>x</title></head><body><img src="data:,"><input type="text"></body></html>');
      const canary = (await runAxe(page)).map((f) => f.id);
      expect(canary).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'label']));

      const serious: string[] = [];
      const lesser: string[] = [];
      for (const [label, open] of pages) {
        await open();
        await page.waitForLoadState('load');
        const findings: AxeFinding[] = await runAxe(page);
        const bad = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
        if (bad.length) serious.push(formatFindings(label, bad));
        const rest = findings.filter((f) => !bad.includes(f));
        if (rest.length) lesser.push(formatFindings(label, rest));
        if (label === '/track/case') await expect(page.locator('#messages').innerText()).resolves.toContain(REPLY);
      }
      if (lesser.length) console.log(`axe-core, moderate and minor (not failing):\n${lesser.join('\n')}`);
      if (serious.length) console.log(`axe-core, serious and critical:\n${serious.join('\n')}`);
      expect(serious).toEqual([]);
    } finally {
      await audit.close();
    }
  });

  it('names on the receipt a document whose metadata could not be removed, and only that one', async () => {
    const page = await reporter.newPage();
    try {
      await page.goto(app.url + '/report');
      await page.locator('#category').selectOption({ index: 1 });
      await page.locator('#title').fill(TITLE);
      await page.locator('#description').fill(DESCRIPTION);
      await page.locator('input[name="anonymous"][value="yes"]').check();
      await page.locator('#consent').check();
      await page.locator('#attachments').setInputFiles([
        { name: 'terkunci.pdf', mimeType: 'application/pdf', buffer: await pdfkitDocument({ userPassword: 'rahasia', ownerPassword: 'pemilik' }) },
        { name: 'surat.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await docx() },
      ]);
      const sent = await submitAndWait(page, 'form[action="/report"]', '/report', '#receipt');
      expect(sent.status()).toBe(200);
      const notCleaned = await page.locator('#not-cleaned').innerText();
      expect(notCleaned).toContain('terkunci.pdf');
      expect(notCleaned).toContain('terenkripsi');
      // The DOCX was cleaned: it is named nowhere on the page; the PDF only once.
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('surat.docx');
      expect(text.split('terkunci.pdf')).toHaveLength(2);
    } finally {
      await page.close();
    }
  });
});
