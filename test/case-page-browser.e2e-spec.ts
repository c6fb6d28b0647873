import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { formatFindings, launchBrowser, reporterContext, runAxe, signInStaff, staffAuditContext } from './support/browser';

/**
 * Issue 15 in a real browser, JavaScript off: an inspector jumps between the case page's
 * sections, previews a message to the reporter, edits it, sends it, and the reporter reads
 * exactly that; the case page, a move page and the preview have no axe-core findings at all.
 */

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '.artifacts');

const FIRST_DRAFT = 'Mohon kirimkan foto kuitansi.';
const FINAL = 'Mohon kirimkan foto kuitansi dan tanggal kejadiannya.\nTerima kasih.';

let app: TestApp;
let browser: Browser;
let supervisor: { id: string; email: string };
let inspector: { id: string; email: string };
let caseId = '';
let receipt = '';

beforeAll(async () => {
  app = await startTestApp({ env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000' } });
  supervisor = await app.createStaff([Role.Supervisor]);
  inspector = await app.createStaff([Role.Inspector]);
  await app.createStaff([Role.Custodian]);
  const filed = await request(app.url)
    .post('/api/v1/reports')
    .send({ category: 'illegal_levy', title: 'Pungutan izin reklame', description: 'Petugas meminta Rp 750.000 di luar tarif resmi.', anonymous: true, consent: 'yes' })
    .expect(201);
  receipt = filed.body.receipt;
  const login = await request(app.url).post('/api/v1/auth/login').send({ email: supervisor.email, password: TEST_PASSWORD }).expect(200);
  const as = { Authorization: `Bearer ${login.body.accessToken}` };
  caseId = (await request(app.url).get('/api/v1/cases').set(as).expect(200)).body.items[0].id;
  await request(app.url).post(`/api/v1/cases/${caseId}/assign`).set(as).send({ inspectorId: inspector.id }).expect(201);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Clicks and waits for the page the click leads to. */
async function follow(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}

describe('case page in a real browser', () => {
  it('jumps between sections, and sends a message only after a preview, exactly as previewed', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 }, locale: 'id-ID' });
    try {
      const page = await context.newPage();
      await signInStaff(page, app.url, inspector, TEST_PASSWORD);
      await page.goto(`${app.url}/staff/cases/${caseId}`);
      // Inspectors get no status or assignment boxes.
      await expect(page.locator('#status, #assignment').count()).resolves.toBe(0);

      await page.locator('nav.case-nav a[href="#notes"]').click();
      await page.waitForURL((u) => u.hash === '#notes');
      await expect(page.locator('#notes h2').isVisible()).resolves.toBe(true);
      const top = await page.locator('#notes').boundingBox();
      expect(top!.y).toBeLessThan(200); // scrolled there, not still at the top of a long page
      await page.locator('nav.case-nav a[href="#messages"]').click();
      await page.waitForURL((u) => u.hash === '#messages');

      // The reply box and the note box are apart, with different headings.
      await expect(page.locator('#messages form textarea').getAttribute('name')).resolves.toBe('body');
      await expect(page.locator('#notes form').getAttribute('action')).resolves.toMatch(/\/notes$/);

      await page.locator('#messages textarea#body').fill(FIRST_DRAFT);
      await follow(page, '#messages form button[type=submit]');
      expect(new URL(page.url()).pathname).toBe(`/staff/cases/${caseId}/messages/preview`);
      await expect(page.locator('#reporter-view .msg-body').innerText()).resolves.toBe(FIRST_DRAFT);
      await expect(page.locator('#reporter-view .meta').innerText()).resolves.toMatch(/^Inspektorat · .+ WITA$/);
      expect(await app.db.query(`SELECT 1 FROM case_messages`)).toHaveLength(0);

      await follow(page, '#confirm button[value=edit]');
      expect(new URL(page.url()).hash).toBe('#compose');
      await expect(page.locator('#messages textarea#body').inputValue()).resolves.toBe(FIRST_DRAFT);
      await page.locator('#messages textarea#body').fill(FINAL);
      await follow(page, '#messages form button[type=submit]');
      await expect(page.locator('#reporter-view .msg-body').innerText()).resolves.toBe(FINAL);
      expect(await app.db.query(`SELECT 1 FROM case_messages`)).toHaveLength(0);

      await follow(page, '#confirm button[value=send]');
      expect(new URL(page.url()).pathname).toBe(`/staff/cases/${caseId}`);
      await expect(page.locator('#messages .msg.inspectorate .msg-body').allInnerTexts()).resolves.toEqual([FINAL]);
      expect(await app.db.query(`SELECT 1 FROM case_messages`)).toHaveLength(1);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'case-page-inspector.png'), fullPage: true });
    } finally {
      await context.close();
    }

    const reporter = await reporterContext(browser);
    try {
      const page = await reporter.newPage();
      await page.goto(`${app.url}/track`);
      await page.locator('#receipt').fill(receipt);
      await follow(page, 'form[action="/track"] button[type=submit]');
      await expect(page.locator('#messages .msg.inspectorate .msg-body').allInnerTexts()).resolves.toEqual([FINAL]);
    } finally {
      await reporter.close();
    }
  });

  it('has no axe-core findings on the case page, a move page and the preview, in both languages', async () => {
    const context = await staffAuditContext(browser);
    try {
      const page = await context.newPage();
      await signInStaff(page, app.url, supervisor, TEST_PASSWORD);
      const findings: string[] = [];
      const audit = async (label: string) => {
        const found = await runAxe(page);
        if (found.length) findings.push(formatFindings(label, found));
      };
      for (const lang of ['id', 'en']) {
        await page.goto(`${app.url}/staff/cases/${caseId}?lang=${lang}`);
        await audit(`${lang} case page`);
        if (lang === 'en') await page.screenshot({ path: path.join(ARTIFACTS, 'case-page-supervisor.png'), fullPage: true });
        await page.goto(`${app.url}/staff/cases/${caseId}/move/closed?lang=${lang}`);
        await audit(`${lang} move page`);
        await follow(page, 'main form button[type=submit]'); // nothing filled in: every error shown
        await audit(`${lang} move page with errors`);
        if (lang === 'id') await page.screenshot({ path: path.join(ARTIFACTS, 'case-page-move-errors.png'), fullPage: true });
        await page.goto(`${app.url}/staff/cases/${caseId}?lang=${lang}`);
        await page.locator('#messages textarea#body').fill('Pratinjau untuk pemeriksaan aksesibilitas.');
        await follow(page, '#messages form button[type=submit]');
        await audit(`${lang} reply preview`);
      }
      expect(findings).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
