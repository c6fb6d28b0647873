import type { Browser, Page } from 'playwright-core';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { axeCollector, launchBrowser, signInStaff, staffAuditContext } from './support/browser';

/**
 * The admin pages in a real browser, as an admin uses them: sign in, add a member (errors first,
 * then the one-time password), edit, and the catalogue pages; each page audited with axe-core in
 * both languages. Own file: one app per process (docs/decisions.md, passport).
 */

jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;
let admin: { id: string; email: string };
let member: { id: string };

beforeAll(async () => {
  app = await startTestApp({ env: { STAFF_2FA: 'optional' } });
  admin = await app.createStaff([Role.Admin]);
  member = await app.createStaff([Role.Supervisor]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function submit(page: Page, selector: string) {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.locator(`${selector} button[type=submit]`).click()]);
}

describe('admin pages in a real browser', () => {
  it('work through their forms and have no serious or critical axe-core violations, in both languages', async () => {
    // Scripts on (and the CSP bypassed) only so axe-core can be injected; the pages use none.
    const context = await staffAuditContext(browser);
    try {
      const page = await context.newPage();
      await signInStaff(page, app.url, admin, TEST_PASSWORD);
      const axe = axeCollector(page);
      await axe.proveItRuns(app.url);
      const audit = axe.audit;

      for (const lang of ['id', 'en']) {
        await page.goto(`${app.url}/staff/admin/staff?lang=${lang}`);
        await page.locator('nav.menu a[href="/staff/admin/staff"]').first().waitFor();
        await audit(`${lang} staff list`);
        await page.goto(`${app.url}/staff/admin/staff/${member.id}`);
        await audit(`${lang} staff edit`);
        await page.goto(`${app.url}/staff/admin/categories`);
        await audit(`${lang} categories`);
        await page.goto(`${app.url}/staff/admin/categories/corruption`);
        await audit(`${lang} category edit`);
        await page.goto(`${app.url}/staff/admin/opds`);
        await audit(`${lang} opds`);
        await page.goto(`${app.url}/staff/admin/opds/DUKCAPIL`);
        await audit(`${lang} opd edit`);
      }

      // Add a member: first with mistakes (errors beside the fields), then properly.
      await page.goto(`${app.url}/staff/admin/staff/new?lang=id`);
      await page.locator('#email').fill('bukan email');
      await submit(page, 'form[action="/staff/admin/staff"]');
      await page.locator('#email-error').waitFor();
      await page.locator('#roles-error').waitFor();
      await audit('new member with errors');
      await page.locator('#email').fill('auditor.baru@kendarikota.go.id');
      await page.locator('#name').fill('Auditor Baru');
      await page.getByLabel('Auditor', { exact: false }).check();
      await submit(page, 'form[action="/staff/admin/staff"]');
      const oneTime = await page.locator('#one-time-password').innerText();
      expect(oneTime).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      await audit('one-time password');

      // A wrong escrow key: the error sits beside the field and the field is empty again.
      await page.goto(`${app.url}/staff/admin/staff/${member.id}`);
      await page.locator('#escrow_key').fill('bukan kunci');
      await submit(page, `form[action="/staff/admin/staff/${member.id}/password-reset"]`);
      await page.locator('#escrow_key-error').waitFor();
      await expect(page.locator('#escrow_key').inputValue()).resolves.toBe('');
      await audit('escrow reset with an error');

      // The calendar, the SLA policies, the mail queue and the notification choice (issue 4).
      for (const lang of ['id', 'en']) {
        await page.goto(`${app.url}/staff/admin/holidays?year=2026&lang=${lang}`);
        await audit(`${lang} holidays`);
        await page.goto(`${app.url}/staff/admin/sla`);
        await audit(`${lang} sla policies`);
        await page.goto(`${app.url}/staff/admin/sla/corruption`);
        await audit(`${lang} sla policy edit`);
        await page.goto(`${app.url}/staff/admin/mail`);
        await audit(`${lang} mail queue`);
        await page.goto(`${app.url}/staff/notifications`);
        await audit(`${lang} notification choice`);
      }
      await page.goto(`${app.url}/staff/admin/holidays?year=2027&lang=id`);
      await page.locator('#lines').fill('2027-01-01 nasional Tahun Baru 2027 Masehi\n2027-13-01 nasional Bulan yang tidak ada');
      await page.locator('#source').fill('SKB 3 Menteri tentang hari libur 2027');
      await submit(page, 'form[action="/staff/admin/holidays/bulk"]');
      await page.locator('#lines-error').waitFor();
      await expect(page.locator('#lines-error').innerText()).resolves.toMatch(/2/);
      await audit('holidays bulk entry with an error');
      await page.locator('#lines').fill('2027-01-01 nasional Tahun Baru 2027 Masehi\n2027-08-17 nasional Proklamasi Kemerdekaan RI');
      await submit(page, 'form[action="/staff/admin/holidays/bulk"]');
      await expect(page.locator('main').innerText()).resolves.toContain('Proklamasi Kemerdekaan RI');
      await page.goto(`${app.url}/staff/admin/sla/corruption`);
      await page.locator('#verification_days').fill('0');
      await submit(page, 'form[action="/staff/admin/sla/corruption"]');
      await page.locator('#verification_days-error').waitFor();
      await audit('sla policy with an error');

      expect(axe.findings()).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('a grant of supervisor: the first admin ticks it, a second admin confirms it with one click; own roles shown as text', async () => {
    const second = await app.createStaff([Role.Admin]);
    const inspector = await app.createStaff([Role.Inspector]);
    const first = await staffAuditContext(browser);
    const other = await staffAuditContext(browser);
    try {
      const page = await first.newPage();
      await signInStaff(page, app.url, admin, TEST_PASSWORD);
      const axe = axeCollector(page);
      await axe.proveItRuns(app.url);
      await page.goto(`${app.url}/staff/admin/staff/${inspector.id}?lang=id`);
      await page.locator('input[name="roles"][value="supervisor"]').check();
      await submit(page, `form[action="/staff/admin/staff/${inspector.id}"]`);
      await expect(page.locator('#pending-grants').innerText()).resolves.toContain('usulan Anda: menunggu admin lain');
      await expect(page.locator(`#pending-grants form[action$="/confirm"]`).count()).resolves.toBe(0);
      await axe.audit('member page with a pending grant');
      await page.goto(`${app.url}/staff/admin/staff/${admin.id}`);
      await expect(page.locator('input[type="checkbox"][name="roles"]').count()).resolves.toBe(0);
      await axe.audit('own account page');
      expect(axe.findings()).toEqual([]);

      const page2 = await other.newPage();
      await signInStaff(page2, app.url, second, TEST_PASSWORD);
      const axe2 = axeCollector(page2);
      await axe2.proveItRuns(app.url);
      for (const lang of ['en', 'id']) {
        await page2.goto(`${app.url}/staff/admin/staff?lang=${lang}`);
        await axe2.audit(`${lang} staff list with a pending grant`);
      }
      await submit(page2, `#pending-grants form[action^="/staff/admin/staff/${inspector.id}/role-grants/"][action$="/confirm"]`);
      await expect(page2.locator('main').innerText()).resolves.toContain('Perubahan disimpan.');
      expect(axe2.findings()).toEqual([]);
      expect((await app.db.query<{ roles: string[] }>(`SELECT roles FROM staff WHERE id = $1`, [inspector.id]))[0].roles).toEqual(['supervisor', 'inspector']);
    } finally {
      await first.close();
      await other.close();
    }
  });
});
