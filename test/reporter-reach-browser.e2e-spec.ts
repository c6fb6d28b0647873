import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { auditContext, formatFindings, launchBrowser, PageGlobals, PHONE_VIEWPORT, reporterContext, ResponseRecorder, runAxe } from './support/browser';

/**
 * The whole report flow as a frightened reporter meets it (issue 14): a browser with JavaScript
 * off that asks for English pages (Tor Browser, w3m), on a 360 px phone. The pages stay in
 * Indonesian until the reporter picks English; both languages are walked, including a
 * mistyped date, and every page is audited with axe-core: no finding of any impact. Own file:
 * one app per process (docs/decisions.md).
 */

jest.setTimeout(120_000);

const ONION = 'http://' + 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx' + '.onion';
const DESCRIPTION = 'Petugas loket meminta uang tambahan Rp 500.000 di luar tarif resmi untuk mempercepat izin usaha di kantor pelayanan terpadu.';

const TEXT = {
  id: {
    advice: 'Sebelum melapor: lindungi diri Anda',
    dateError: 'tidak ada di kalender',
    filesAgain: 'pilih berkasnya lagi',
    paper: 'Tulis resi di kertas sekarang',
    protect: 'Bagaimana identitas Anda dilindungi',
    categories: 'Apa yang dapat dilaporkan',
  },
  en: {
    advice: 'Before you report: protect yourself',
    dateError: 'does not exist',
    filesAgain: 'choose them again',
    paper: 'Write the receipt on paper now',
    protect: 'How your identity is protected',
    categories: 'What you can report',
  },
} as const;

let app: TestApp;
let browser: Browser;
let reporter: BrowserContext;
let audit: BrowserContext;
let page: Page;
let auditPage: Page;
let recorder: ResponseRecorder;
/** Every response the reporter's browser received, to prove nothing came from elsewhere. */
const seenUrls: string[] = [];
const findings: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { ONION_ADDRESS: ONION, RATE_LIMIT_REPORT: '1000' } });
  await app.createStaff([Role.Supervisor]);
  await app.createStaff([Role.Custodian]);
  browser = await launchBrowser();
  reporter = await reporterContext(browser, { locale: 'en-US', extraHTTPHeaders: { 'Accept-Language': 'en-US,en;q=0.9' } });
  page = await reporter.newPage();
  page.on('request', (r) => seenUrls.push(r.url()));
  recorder = new ResponseRecorder(page);
  audit = await auditContext(browser);
  auditPage = await audit.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Audits what the reporter sees now, replayed in the audit browser at the same URL and size. */
async function auditCurrent(label: string): Promise<void> {
  const html = await page.content();
  const url = `${app.url}/report?audit-${encodeURIComponent(label)}`;
  await auditPage.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await auditPage.goto(url);
  await auditPage.waitForLoadState('load');
  await auditPage.unrouteAll();
  const all = await runAxe(auditPage);
  if (all.length) findings.push(formatFindings(label, all));
  const width = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth);
  expect({ label, width }).toEqual({ label, width: expect.any(Number) });
  expect(width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
}

async function submit(): Promise<number> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/report');
  await page.locator('form[action="/report"] button[type=submit]').click();
  const status = (await answered).status();
  await page.waitForLoadState('load');
  return status;
}

describe('the report flow with JavaScript off, from a browser asking for English', () => {
  it('proves the audit reports known faults', async () => {
    await auditPage.route(`${app.url}/canary`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><head><title>x</title></head><body><input type="text"></body></html>' }),
    );
    await auditPage.goto(`${app.url}/canary`);
    const ids = (await runAxe(auditPage)).map((f) => f.id);
    await auditPage.unrouteAll();
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'label']));
  });

  it.each(['id', 'en'] as const)('walks /, /report, a mistyped date and the receipt in %s', async (lang) => {
    const text = TEXT[lang];
    await page.goto(app.url + '/');
    // Indonesian whatever the browser asks for; English only through the reporter's own choice.
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    if (lang === 'en') {
      await page.locator('nav.lang a[hreflang="en"]').click();
      await page.waitForURL((u) => u.searchParams.get('lang') === 'en');
    }
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    const main = await page.locator('main').innerText();
    expect(main.indexOf(text.advice)).toBeGreaterThanOrEqual(0);
    expect(main.indexOf(text.protect)).toBeLessThan(main.indexOf(text.categories));
    await expect(page.locator('main code.onion').innerText()).resolves.toBe(ONION);
    await auditCurrent(`${lang} /`);

    await page.locator('main a[href^="/report"]').first().click();
    await page.waitForURL((u) => u.pathname === '/report');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    await expect(page.locator('main aside').innerText()).resolves.toContain(text.advice);
    await auditCurrent(`${lang} /report`);

    await page.locator('#category').selectOption({ index: 1 });
    await page.locator('#title').fill('Pungutan liar izin usaha');
    await page.locator('#description').fill(DESCRIPTION);
    await page.locator('#occurred_on').fill('31/02/2026');
    await page.locator('#consent').check();
    await page.locator('#attachments').setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('Catatan antrean loket 3.\n') });
    expect(await submit()).toBe(400);
    // A browser never refills a file field: the page says so, and the file is chosen again.
    await expect(page.locator('#attachments').inputValue()).resolves.toBe('');
    await expect(page.locator('#occurred_on-error').innerText()).resolves.toContain(text.dateError);
    await expect(page.locator('#occurred_on').inputValue()).resolves.toBe('31/02/2026');
    await expect(page.locator('#errors').innerText()).resolves.toContain(text.filesAgain);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    await auditCurrent(`${lang} /report with a date error`);

    await page.locator('#occurred_on').fill('17/02/2026');
    await page.locator('#attachments').setInputFiles({ name: 'catatan.txt', mimeType: 'text/plain', buffer: Buffer.from('Catatan antrean loket 3.\n') });
    expect(await submit()).toBe(200);
    await expect(page.locator('#receipt').innerText()).resolves.toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await expect(page.locator('main').innerText()).resolves.toContain(text.paper);
    const [filed] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM case_attachments a JOIN cases c ON c.id = a.case_id WHERE c.submitted_at = (SELECT max(submitted_at) FROM cases)`,
    );
    expect(filed.n).toBe(1);
    await auditCurrent(`${lang} receipt`);
  });

  it('has no axe-core finding of any impact on those pages, in both languages', () => {
    if (findings.length) console.log(findings.join('\n'));
    expect(findings).toEqual([]);
  });

  it('asked nothing of any other site, and got the favicon rather than an error page', async () => {
    expect(seenUrls.length).toBeGreaterThan(0);
    expect(seenUrls.filter((u) => !u.startsWith(app.url) && !u.startsWith('data:'))).toEqual([]);
    const favicon = recorder.responses.filter((r) => new URL(r.url).pathname === '/favicon.ico');
    for (const f of favicon) expect(f.status).toBe(200);
    const res = await reporter.request.get(app.url + '/favicon.ico');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/x-icon');
  });
});
