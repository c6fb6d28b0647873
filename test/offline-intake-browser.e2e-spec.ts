import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { formatFindings, launchBrowser, runAxe, signInStaff, staffAuditContext } from './support/browser';
import { pdfkitDocument } from './support/documents';

/**
 * Issue 15 in a real browser with JavaScript off: a supervisor records a letter that arrived ten
 * working days ago, hands over the receipt (with the case number), finds the case in the inbox by
 * its number, and sees the deadline computed from the received-on date, overdue in words, on the
 * inbox and on the case page. Every page passes axe-core with no finding, in both languages: axe
 * needs scripts, so a second signed-in browser (scripts on, CSP bypassed) opens the same pages.
 */

jest.setTimeout(180_000);

const LETTER_NUMBER = '005/117/RT-03/XI/2026';
// Friday 27 November 2026, 13:30 WITA; the letter arrived on Friday 13 November.
const clock = new FixedClock(new Date('2026-11-27T05:30:00Z'));
let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let auditing: BrowserContext;
let page: Page;
let auditPage: Page;
const findings: string[] = [];

/** Every axe-core finding, whatever its impact, on the page the auditing browser shows now. */
async function audit(label: string): Promise<void> {
  const all = await runAxe(auditPage);
  if (all.length) findings.push(formatFindings(label, all));
}

/**
 * The page the person sees now, opened by the auditing browser in English and in Indonesian (last:
 * the member's language choice is remembered, and the journey reads Indonesian).
 */
async function auditBothLanguages(label: string): Promise<void> {
  for (const lang of ['en', 'id']) {
    const url = new URL(page.url());
    url.searchParams.set('lang', lang);
    await auditPage.goto(url.toString());
    await audit(`${label} (${lang})`);
  }
}

beforeAll(async () => {
  app = await startTestApp({ clock, env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000' } });
  const supervisor = await app.createStaff([Role.Supervisor]);
  await app.createStaff([Role.Custodian]);
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
  page = await context.newPage();
  await signInStaff(page, app.url, supervisor, TEST_PASSWORD);
  auditing = await staffAuditContext(browser);
  auditPage = await auditing.newPage();
  await signInStaff(auditPage, app.url, supervisor, TEST_PASSWORD);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await auditing?.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
});

it('records a letter received earlier, and the inbox and case page count its deadline from that day', async () => {
  await page.goto(`${app.url}/staff/cases`);
  await page.getByRole('link', { name: 'Catat laporan telepon/surat/langsung' }).click();
  await page.waitForURL('**/staff/reports/new');
  await auditBothLanguages('offline form');

  await page.getByLabel('Surat', { exact: true }).check();
  await page.locator('#received_on').fill('13/11/2026');
  await page.locator('#letter_number').fill(LETTER_NUMBER);
  await page.locator('#letter_date').fill('12/11/2026');
  await page.locator('#category').selectOption('illegal_levy');
  await page.locator('#opd').selectOption('DIKBUD');
  await page.locator('#title').fill('Pungutan uang komite sekolah');
  await page.locator('#description').fill('Surat dari wali murid: setiap siswa diminta Rp 300.000 uang komite tanpa rapat orang tua.');
  await page.locator('#attachments').setInputFiles({ name: 'pindaian-surat.pdf', mimeType: 'application/pdf', buffer: await pdfkitDocument() });
  await page.locator('#consent').check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kirim laporan' }).click()]);

  const number = (await page.locator('#case-number').innerText()).trim();
  expect(number).toMatch(/^WBS-2026-\d{5}$/);
  expect(await page.locator('#receipt').innerText()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  // The receipt answers a POST: the auditing browser records a phone call of its own, in each language.
  for (const lang of ['en', 'id']) {
    await auditPage.goto(`${app.url}/staff/reports/new?lang=${lang}`);
    await auditPage.locator('input[name=channel][value=phone]').check();
    await auditPage.locator('#category').selectOption('maladministration');
    await auditPage.locator('#title').fill('Pengaduan lewat telepon');
    await auditPage.locator('#description').fill('Penelepon menyampaikan bahwa pengurusan akta ditunda berbulan-bulan tanpa alasan.');
    await auditPage.locator('#consent').check();
    await Promise.all([auditPage.waitForNavigation(), auditPage.locator('form[action="/staff/reports/new"] button[type=submit]').click()]);
    expect(await auditPage.locator('#case-number').count()).toBe(1);
    await audit(`receipt (${lang})`);
  }

  await page.goto(`${app.url}/staff/cases`);
  await page.locator('#number').fill(` ${number.toLowerCase().replace(/-/g, ' ')} `);
  await Promise.all([page.waitForURL('**/staff/cases?number=*'), page.getByRole('button', { name: 'Cari', exact: true }).click()]);
  const rows = page.locator('tbody tr');
  expect(await rows.count()).toBe(1);
  const row = await rows.first().innerText();
  expect(row).toContain(number);
  expect(row).toContain('Dinas Pendidikan dan Kebudayaan');
  expect(row).toContain('Lewat tenggat: lewat 7 hari kerja');
  expect(row).toContain('verifikasi');
  await auditBothLanguages('inbox, found by number');

  await page.locator('#number').fill('surat 005');
  await Promise.all([page.waitForURL('**/staff/cases?number=surat*'), page.getByRole('button', { name: 'Cari', exact: true }).click()]);
  expect(await page.locator('#number-error').innerText()).toBe('Nomor perkara ditulis seperti WBS-2026-00001.');
  expect(await page.locator('#number').inputValue()).toBe('surat 005');
  await auditBothLanguages('inbox, malformed number');

  await page.goto(`${app.url}/staff/cases?number=${number}`);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: number }).click()]);
  expect(await page.locator('#received-on').innerText()).toContain('13 Nov 2026');
  expect(await page.locator('#letter-number').innerText()).toBe(LETTER_NUMBER);
  expect(await page.locator('body').innerText()).toContain('lewat 7 hari kerja');
  expect(await page.locator('body').innerText()).toContain('pindaian-surat.pdf');
  await auditBothLanguages('case page');
  await page.goto(`${page.url().split('?')[0]}?lang=en`);
  expect(await page.locator('body').innerText()).toContain('7 working days late');

  if (findings.length) console.log(findings.join('\n'));
  expect(findings).toEqual([]);
});
