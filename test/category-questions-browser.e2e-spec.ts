import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp, TEST_PASSWORD } from './support/app';
import { auditContext, axeCollector, formatFindings, launchBrowser, PHONE_VIEWPORT, PageGlobals, reporterContext, runAxe, signInStaff, staffAuditContext } from './support/browser';

/**
 * Issue 16 in a real browser: an admin adds a choice question to "gratifikasi" on the staff
 * page, then a reporter with JavaScript off on a 360 px phone chooses the category, asks for
 * its questions (the form's second step), mistypes an amount, and files, in both languages.
 * Every reporter page is audited with axe-core (no finding of any impact), the admin pages for
 * serious and critical ones. Own file: one app per process (docs/decisions.md).
 */

jest.setTimeout(180_000);

const DESCRIPTION = 'Pejabat perizinan menerima uang dari pemohon agar izin usaha cepat terbit di kantor pelayanan terpadu.';
const TEXT = {
  id: { question: 'Bentuk pemberian', option: 'Uang tunai', shown: 'ada di bawah', moneyError: 'dengan angka saja', required: 'wajib dijawab', value: 'Perkiraan nilai pemberian' },
  en: { question: 'Form of the gift', option: 'Cash', shown: 'are below', moneyError: 'in digits only', required: 'must be answered', value: 'Estimated value of the gift' },
} as const;

let app: TestApp;
let browser: Browser;
let reporter: BrowserContext;
let audit: BrowserContext;
let page: Page;
let auditPage: Page;
let admin: { id: string; email: string; password: string };
const findings: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_REPORT: '1000', RATE_LIMIT_LOGIN: '1000' } });
  await app.createStaff([Role.Supervisor]);
  await app.createStaff([Role.Custodian]);
  admin = await app.createStaff([Role.Admin]);
  browser = await launchBrowser();
  reporter = await reporterContext(browser);
  page = await reporter.newPage();
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
  expect({ label, width: width <= PHONE_VIEWPORT.width }).toEqual({ label, width: true });
}

/** Clicks a button of the report form and waits for the page its POST answered with. */
async function press(selector: string): Promise<number> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/report');
  await page.locator(`form[action="/report"] ${selector}`).click();
  const status = (await answered).status();
  await page.waitForLoadState('load');
  return status;
}

describe('category questions in a real browser', () => {
  it('lets an admin add a choice question on the staff page, with errors beside the fields', async () => {
    const context = await staffAuditContext(browser);
    try {
      const staff = await context.newPage();
      await signInStaff(staff, app.url, admin, TEST_PASSWORD);
      const axe = axeCollector(staff);
      await axe.proveItRuns(app.url);
      await staff.goto(`${app.url}/staff/admin/categories/gratification?lang=en`);
      await Promise.all([staff.waitForNavigation(), staff.locator('a[href="/staff/admin/categories/gratification/questions"]').click()]);
      await axe.audit('en questions of a category');
      const add = async () => Promise.all([staff.waitForNavigation(), staff.locator('#add form button[type=submit]').click()]);
      await staff.locator('#kind').selectOption('single_choice');
      await staff.locator('[id="label.id"]').fill(TEXT.id.question);
      await staff.locator('#options').fill('Uang tunai');
      await add();
      await staff.locator('[id="label.en-error"]').waitFor();
      await staff.locator('#options-error').waitFor();
      await expect(staff.locator('[id="label.id"]').inputValue()).resolves.toBe(TEXT.id.question);
      await axe.audit('en add question with errors');
      await staff.locator('[id="label.en"]').fill(TEXT.en.question);
      await staff.locator('#required').check();
      await staff.locator('#options').fill('Uang tunai | Cash\nBarang | Goods');
      await add();
      await staff.locator('p.ok[role=status]').waitFor();
      await Promise.all([staff.waitForNavigation(), staff.locator('table a', { hasText: TEXT.en.question }).click()]);
      await expect(staff.locator('#options').inputValue()).resolves.toBe('Uang tunai | Cash\nBarang | Goods');
      await axe.audit('en edit question');
      await staff.goto(`${app.url}/staff/admin/questions?lang=id`);
      await axe.audit('id questions for every category');
      expect(axe.findings()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(['id', 'en'] as const)('walks the two-step report form with JavaScript off in %s', async (lang) => {
    const text = TEXT[lang];
    await page.goto(`${app.url}/report?lang=${lang}`);
    await expect(page.locator('main').innerText()).resolves.not.toContain(text.question);
    await page.locator('#category').selectOption('gratification');
    await page.locator('#title').fill('Hadiah untuk izin usaha');
    expect(await press('button[name=step]')).toBe(200);
    await expect(page.locator('#questions').innerText()).resolves.toContain(text.shown);
    await expect(page.locator('#questions').innerText()).resolves.toContain(text.question);
    await expect(page.locator('#title').inputValue()).resolves.toBe('Hadiah untuk izin usaha');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    await auditCurrent(`${lang} /report with the category questions`);

    await page.getByLabel(text.value).fill('dua juta');
    await page.locator('#description').fill(DESCRIPTION);
    await page.locator('#consent').check();
    expect(await press('button[type=submit]')).toBe(400);
    await expect(page.locator('#questions').innerText()).resolves.toContain(text.moneyError);
    await expect(page.locator('#questions').innerText()).resolves.toContain(text.required);
    await expect(page.getByLabel(text.value).inputValue()).resolves.toBe('dua juta');
    await auditCurrent(`${lang} /report with answer errors`);

    await page.getByLabel(text.value).fill('2.500.000');
    await page.getByLabel(text.option, { exact: true }).check();
    expect(await press('button[type=submit]')).toBe(200);
    await expect(page.locator('#receipt').innerText()).resolves.toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await auditCurrent(`${lang} receipt`);
  });

  it('has no axe-core finding of any impact on the reporter pages, in both languages', async () => {
    if (findings.length) console.log(findings.join('\n'));
    expect(findings).toEqual([]);
    const [{ n }] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`);
    expect(n).toBe(2);
  });
});
