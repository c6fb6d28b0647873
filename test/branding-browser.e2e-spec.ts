import type { Browser, Page } from 'playwright-core';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { formatFindings, launchBrowser, runAxe, signInStaff, staffAuditContext, auditContext, reporterContext } from './support/browser';

/**
 * Issue 16, the inspectorate's own name and words, in Chromium: an admin previews and saves new
 * texts through the page (no JavaScript needed), and the public pages show them in both languages
 * without script and with no axe-core finding at all. Own file: one app per process.
 */

jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;
let admin: { id: string; email: string };

beforeAll(async () => {
  app = await startTestApp({ env: { STAFF_2FA: 'optional' } });
  admin = await app.createStaff([Role.Admin]);
  await app.createStaff([Role.Supervisor]);
  await app.createStaff([Role.Custodian]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function press(page: Page, name: string) {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

describe('branding in a real browser', () => {
  it('previews and saves the texts on the admin page, and shows them on the public pages in both languages, with no axe finding', async () => {
    const findings: string[] = [];
    const audit = async (page: Page, label: string) => {
      const all = await runAxe(page);
      if (all.length) findings.push(formatFindings(label, all));
    };
    const staff = await staffAuditContext(browser);
    try {
      const page = await staff.newPage();
      await signInStaff(page, app.url, admin, TEST_PASSWORD);
      await page.goto(`${app.url}/staff/admin/branding?lang=id`);
      await audit(page, 'admin page');

      // An error first: kept input, the message beside the field.
      await page.locator('#landing_text_en').fill('See [us](javascript:alert(1))');
      await press(page, 'Simpan');
      await page.locator('#landing_text_en-error').waitFor();
      await expect(page.locator('#landing_text_en').inputValue()).resolves.toBe('See [us](javascript:alert(1))');
      await audit(page, 'admin page with an error');

      await page.locator('#org_name_id').fill('Inspektorat Kota Baubau');
      await page.locator('#org_name_en').fill('Baubau City Inspectorate');
      await page.locator('#landing_title_id').fill('Laporkan pelanggaran pegawai Kota Baubau');
      await page.locator('#landing_title_en').fill('Report wrongdoing by Baubau city staff');
      await page.locator('#landing_text_id').fill('# Rahasia terjamin\n\nIdentitas Anda **dirahasiakan**.\n\n- tanpa nama\n- tanpa jejak');
      await page.locator('#landing_text_en').fill('# Secrecy kept\n\nYour identity is **kept secret**. Questions: [mail us](mailto:wbs@baubaukota.go.id).');
      await page.locator('#phone').fill('(0402) 282 1234');
      await press(page, 'Pratinjau');
      await expect(page.locator('#preview').innerText()).resolves.toContain('Identitas Anda dirahasiakan');
      await expect(page.locator('#preview p > strong', { hasText: 'dirahasiakan' }).count()).resolves.toBe(1);
      await audit(page, 'admin page with a preview');
      // The preview stored nothing.
      expect(await app.db.query(`SELECT 1 FROM branding`)).toEqual([]);
      await press(page, 'Simpan');
      await expect(page.locator('main [role=status]').innerText()).resolves.toContain('Tersimpan');
    } finally {
      await staff.close();
    }

    // A reporter without JavaScript, in both languages.
    const reporter = await reporterContext(browser);
    const measuring = await auditContext(browser);
    try {
      const page = await reporter.newPage();
      const auditPage = await measuring.newPage();
      for (const lang of ['id', 'en']) {
        await page.goto(`${app.url}/?lang=${lang}`);
        const header = await page.locator('header .brand').innerText();
        expect(header).toContain(lang === 'id' ? 'WBS Inspektorat Kota Baubau' : 'WBS Baubau City Inspectorate');
        await expect(page.locator('h1').innerText()).resolves.toBe(lang === 'id' ? 'Laporkan pelanggaran pegawai Kota Baubau' : 'Report wrongdoing by Baubau city staff');
        await expect(page.locator('main h2', { hasText: lang === 'id' ? 'Rahasia terjamin' : 'Secrecy kept' }).count()).resolves.toBe(1);
        await expect(page.locator('footer address').innerText()).resolves.toContain('(0402) 282 1234');
        expect(await page.locator('script').count()).toBe(0);
        for (const path of [`/?lang=${lang}`, `/report?lang=${lang}`]) {
          await auditPage.goto(`${app.url}${path}`);
          await audit(auditPage, `public ${path}`);
        }
      }
    } finally {
      await reporter.close();
      await measuring.close();
    }
    if (findings.length) console.log(findings.join('\n'));
    expect(findings).toEqual([]);
  });
});
