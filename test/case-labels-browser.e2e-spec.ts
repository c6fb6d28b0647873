import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { axeCollector, launchBrowser, runAxe, signInStaff, staffAuditContext } from './support/browser';

/**
 * Labels in a real browser: a supervisor defines labels on the labels page (the colour through
 * the native colour input), puts one on a case from the case page and filters the inbox by it.
 * Chips take their colours from the labels stylesheet under the real CSP, and axe-core finds
 * nothing on the chips (black or white text by the colour's luminance), in both languages.
 */
jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;
let supervisor: { email: string };

beforeAll(async () => {
  app = await startTestApp({ env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000' } });
  supervisor = await app.createStaff([Role.Supervisor]);
  await app.createStaff([Role.Custodian]); // intake opens once a custodian holds keys too
  for (const title of ['Pungutan KTP di loket', 'Gratifikasi pengadaan']) {
    await request(app.url)
      .post('/api/v1/reports')
      .send({ category: 'illegal_levy', title, description: 'Petugas loket meminta Rp 50.000 untuk setiap KTP sejak Januari, tanpa kuitansi.', anonymous: true, consent: 'yes' })
      .expect(201);
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The one browser global the colour checks use (the project compiles without the DOM library). */
type Styled = { getComputedStyle(e: unknown): { backgroundColor: string; color: string } };

async function addLabel(page: Page, name: string, colour: string) {
  await page.goto(`${app.url}/staff/labels`);
  await page.locator('#label-name').fill(name);
  await page.locator('#label-colour').fill(colour);
  await Promise.all([page.waitForNavigation(), page.locator('form[action="/staff/labels"] button[type=submit]').click()]);
}

describe('labels in a real browser', () => {
  it('defines labels, puts one on a case and filters the inbox by it, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    try {
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
      });
      await signInStaff(page, app.url, supervisor, TEST_PASSWORD);
      await page.goto(`${app.url}/staff/labels`);
      await page.locator('#label-colour').fill('#fde047');
      await Promise.all([page.waitForNavigation(), page.locator('form[action="/staff/labels"] button[type=submit]').click()]);
      await expect(page.locator('#name-error').innerText()).resolves.toBe('Tulis nama label.');
      expect(await app.db.query(`SELECT 1 FROM case_labels`)).toHaveLength(0);

      await addLabel(page, 'Mendesak', '#b91c1c');
      await addLabel(page, 'Sorotan media', '#fde047');
      const chip = page.locator('table .chip', { hasText: 'Sorotan media' });
      await expect(chip.evaluate((e) => (globalThis as unknown as Styled).getComputedStyle(e).backgroundColor)).resolves.toBe('rgb(253, 224, 71)');
      await expect(chip.evaluate((e) => (globalThis as unknown as Styled).getComputedStyle(e).color)).resolves.toBe('rgb(0, 0, 0)');

      await page.goto(`${app.url}/staff/cases`);
      await Promise.all([page.waitForNavigation(), page.locator('tbody tr', { hasText: 'Pungutan KTP' }).locator('a').first().click()]);
      await page.locator('#label-id').selectOption({ label: 'Sorotan media' });
      await Promise.all([page.waitForNavigation(), page.locator('#labels button[type=submit]', { hasText: 'Pasang label' }).click()]);
      await expect(page.locator('#labels .chip').allInnerTexts()).resolves.toEqual(['Sorotan media']);

      await page.goto(`${app.url}/staff/cases`);
      await page.locator('#label').selectOption({ label: 'Sorotan media' });
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Saring' }).click()]);
      await expect(page.locator('tbody tr').count()).resolves.toBe(1);
      await expect(page.locator('tbody tr').innerText()).resolves.toContain('Pungutan KTP');
      await expect(page.locator('tbody tr .chip').innerText()).resolves.toBe('Sorotan media');

      await page.goto(`${app.url}/staff/cases?label=${(await app.db.query<{ id: string }>(`SELECT id FROM case_labels WHERE name = 'Sorotan media'`))[0].id}`);
      await Promise.all([page.waitForNavigation(), page.locator('tbody tr a').first().click()]);
      await Promise.all([page.waitForNavigation(), page.locator('#labels button', { hasText: 'Lepas label Sorotan media' }).click()]);
      await expect(page.locator('#labels').innerText()).resolves.toContain('Kasus ini belum berlabel.');
      expect(await app.db.query(`SELECT 1 FROM case_label_assignments`)).toHaveLength(0);
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('has no axe-core findings on the labels page, the case page and the inbox, in both languages', async () => {
    const context = await staffAuditContext(browser);
    try {
      const page = await context.newPage();
      await signInStaff(page, app.url, supervisor, TEST_PASSWORD);
      const axe = axeCollector(page);
      await axe.proveItRuns(app.url);
      const [label] = await app.db.query<{ id: string }>(`SELECT id FROM case_labels WHERE name = 'Mendesak'`);
      const cases = await app.db.query<{ id: string }>(`SELECT id FROM cases`);
      for (const c of cases) await app.db.query(`INSERT INTO case_label_assignments (case_id, label_id) VALUES ($1, $2)`, [c.id, label.id]);
      const chipFindings: string[] = [];
      for (const lang of ['id', 'en']) {
        for (const path of ['/staff/labels', `/staff/cases/${cases[0].id}`, `/staff/cases?label=${label.id}`]) {
          await page.goto(`${app.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          await axe.audit(`${lang} ${path}`);
          // Whatever else a page has, nothing about the chips may be found at all.
          for (const f of await runAxe(page)) for (const n of f.nodes) if (n.html.includes('chip')) chipFindings.push(`${f.id} ${n.html}`);
        }
      }
      expect(chipFindings).toEqual([]);
      expect(axe.findings()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
