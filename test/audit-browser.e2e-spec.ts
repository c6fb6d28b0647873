import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { axeCollector, launchBrowser, signInStaff, staffAuditContext } from './support/browser';
import { bearer } from './support/pages';

/**
 * Issue 5's pages in a real browser: the audit log (with a filter error), a case's retention
 * page (an extension with a missing reason, then a good one) and the retention policies, each
 * audited with axe-core in both languages. Own file: one app per process (passport).
 */

jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;
let member: { id: string; email: string; password: string };
let caseId = '';
let caseNumber = '';
let memberName = '';

beforeAll(async () => {
  app = await startTestApp();
  member = await app.createStaff([Role.Supervisor, Role.Auditor, Role.Admin]);
  await app.createStaff([Role.Custodian]);
  await request(app.url)
    .post('/api/v1/reports')
    .send({ category: 'corruption', title: 'Uji peramban', description: 'Laporan untuk menguji halaman audit dan masa simpan.', anonymous: true, consent: 'yes' })
    .expect(201);
  [{ id: caseId, number: caseNumber }] = await app.db.query<{ id: string; number: string }>(`SELECT id, number FROM cases`);
  [{ name: memberName }] = await app.db.query<{ name: string }>(`SELECT name FROM staff WHERE id = $1`, [member.id]);
  const auth = await bearer(app, member);
  await request(app.url)
    .post(`/api/v1/cases/${caseId}/transition`)
    .set('Authorization', auth)
    .send({ to: 'closed', reason: 'Bukan kewenangan', outcome: 'rejected', summary: 'Bukan ranah WBS.' })
    .expect(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function submit(page: Page, selector: string) {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.locator(`${selector} button[type=submit]`).click()]);
}

describe('audit and retention pages in a real browser', () => {
  it('work through their forms with no serious or critical axe-core violations, in both languages', async () => {
    const context = await staffAuditContext(browser);
    try {
      const page = await context.newPage();
      await signInStaff(page, app.url, member, TEST_PASSWORD);
      const axe = axeCollector(page);
      await axe.proveItRuns(app.url);
      const audit = axe.audit;
      for (const lang of ['id', 'en']) {
        await page.goto(`${app.url}/staff/audit?lang=${lang}`);
        await audit(`${lang} audit log`);
        await page.goto(`${app.url}/staff/cases/${caseId}/retention`);
        await audit(`${lang} case retention`);
        await page.goto(`${app.url}/staff/admin/retention`);
        await audit(`${lang} retention policies`);
      }
      await page.goto(`${app.url}/staff/audit?lang=id`);
      await page.locator('#case').fill('bukan nomor');
      await submit(page, 'form[action="/staff/audit"]');
      await page.locator('#case-error').waitFor();
      await audit('audit log with a filter error');
      await page.locator('#case').fill('');
      await page.locator('#action').selectOption({ label: 'Mengubah status kasus …' });
      await submit(page, 'form[action="/staff/audit"]');
      // The entry reads in words, with the staff name and the case number; its detail is labelled.
      await expect(page.locator('td.audit-entry').allInnerTexts()).resolves.toEqual([`${memberName} mengubah status kasus ${caseNumber}`]);
      await expect(page.locator('.audit-detail').first().innerText()).resolves.toContain('Hasil Tidak dapat ditindaklanjuti');
      await audit('audit log filtered by an action');
      await page.goto(`${app.url}/staff/audit?lang=en&action=cases.status-changed`);
      await expect(page.locator('td.audit-entry').allInnerTexts()).resolves.toEqual([`${memberName} changed the status of case ${caseNumber}`]);
      await audit('audit log filtered by an action, in English');
      // The filters sit in one row on a wide screen and wrap on a narrow one.
      const rows = async () => new Set(await page.locator('.filter-bar > div').evaluateAll((ds) => ds.map((d) => Math.round(d.getBoundingClientRect().bottom)))).size;
      await page.setViewportSize({ width: 1600, height: 900 });
      await expect(rows()).resolves.toBe(1);
      await page.setViewportSize({ width: 400, height: 900 });
      await expect(rows()).resolves.toBeGreaterThan(1);
      await expect(page.locator('.filter-bar > div').evaluateAll((ds) => ds.every((d) => d.getBoundingClientRect().right <= 400))).resolves.toBe(true);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${app.url}/staff/audit?lang=id`);

      await page.goto(`${app.url}/staff/cases/${caseId}`);
      await page.getByRole('link', { name: 'Masa simpan' }).click();
      await page.waitForLoadState('load');
      await submit(page, `form[action="/staff/cases/${caseId}/retention"]`);
      await page.locator('#reason-error').waitFor();
      await audit('retention extension with an error');
      await page.locator('#reason').fill('Masih diperiksa aparat penegak hukum');
      await submit(page, `form[action="/staff/cases/${caseId}/retention"]`);
      await expect(page.locator('main').innerText()).resolves.toContain('Masih diperiksa aparat penegak hukum');

      expect(axe.findings()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
