import type { Browser, Page } from 'playwright-core';
import { InsightsCountsRebuild } from '../src/insights/counts/insights-counts-rebuild';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { axeCollector, launchBrowser, PageGlobals, signInStaff, staffAuditContext } from './support/browser';

/**
 * The statistics page in a real browser, as an auditor uses it: the charts draw under the real
 * CSP with JavaScript off (nothing refused, bars coloured by the stylesheet), a filter with a
 * mistake shows its error beside the field, and each state has no serious or critical axe-core
 * violation, in both languages. Own file: one app per process (docs/decisions.md).
 */
jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;
let auditor: { email: string };
let supervisor: { email: string };

beforeAll(async () => {
  app = await startTestApp({ clock: new FixedClock(new Date('2026-06-15T04:00:00Z')), env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000' } });
  auditor = await app.createStaff([Role.Auditor]);
  const opds = ['DINKES', 'DINKES', 'DINKES', 'DIKBUD', null];
  for (const [i, opd] of opds.entries()) {
    await app.db.query(
      `INSERT INTO cases (id, number, receipt_lookup, reporter_salt, reporter_content_key, category_code, opd_code, channel, anonymous, status, report, submitted_at, updated_at)
       VALUES (gen_random_uuid(), $1, sha256(convert_to('r' || $1, 'UTF8')), sha256(convert_to('s' || $1, 'UTF8')), '\\x00', 'corruption', $2, 'web', true, 'received', '\\x01', $3, $3)`,
      [`WBS-B-${i}`, opd, `2026-0${3 + (i % 3)}-1${i} 09:00+08`],
    );
  }
  // The fixtures went into the cases' table directly, without events: the statistics' counts are built from them.
  await app.app.get(InsightsCountsRebuild).rebuild();
  supervisor = await app.createStaff([Role.Supervisor]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const signIn = (page: Page) => signInStaff(page, app.url, auditor, TEST_PASSWORD);

describe('statistics page in a real browser', () => {
  it('draws its charts under the CSP without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    try {
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
      });
      await signIn(page);
      await page.goto(`${app.url}/staff/insights`);
      await page.locator('nav.menu a[href="/staff/insights"]').waitFor();
      // Month, category, OPD, channel, status, inspector; no outcome or breach yet, so no chart of zeros.
      await expect(page.locator('svg.chart[role="img"]').count()).resolves.toBe(6);
      await expect(page.locator('#stats-outcome table').count()).resolves.toBe(1);
      const opd = page.locator('#stats-opd');
      await expect(opd.locator('svg title').textContent()).resolves.toBe('Laporan per OPD terlapor');
      await expect(opd.locator('rect.chart-bar').count()).resolves.toBe(1); // DINKES 3; DIKBUD and "no OPD" are hidden
      await expect(opd.locator('table').innerText()).resolves.toMatch(/Dinas Kesehatan\s+3[\s\S]*< 3/);
      const box = await opd.locator('rect.chart-bar').boundingBox();
      expect(box!.width).toBeGreaterThan(100);
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe-core violations, with and without a filter error, in both languages', async () => {
    // Scripts on (and the CSP bypassed) only so axe-core can be injected; the page uses none.
    const context = await staffAuditContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page);
      const axe = axeCollector(page);
      await axe.proveItRuns(app.url);
      const audit = axe.audit;
      for (const lang of ['id', 'en']) {
        await page.goto(`${app.url}/staff/insights?lang=${lang}`);
        await audit(`${lang} dashboard`);
        await page.locator('#from').fill('2026-05-02');
        await page.locator('#to').fill('2026-05-01');
        await Promise.all([page.waitForNavigation(), page.locator('form[action="/staff/insights"] button[type=submit]').click()]);
        await page.locator('#to-error').waitFor();
        await expect(page.locator('#to').getAttribute('aria-invalid')).resolves.toBe('true');
        await audit(`${lang} dashboard with a filter error`);
      }
      // A phone: the charts shrink to the screen instead of widening the page.
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${app.url}/staff/insights?lang=id`);
      const overflow = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return g.document.documentElement.scrollWidth - g.innerWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await audit('phone dashboard');

      expect(axe.findings()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a supervisor in full what the inbox already shows them, says why, and has no axe finding in both languages', async () => {
    const context = await staffAuditContext(browser);
    try {
      const page = await context.newPage();
      await signInStaff(page, app.url, supervisor, TEST_PASSWORD);
      const axe = axeCollector(page);
      await axe.proveItRuns(app.url);
      await page.goto(`${app.url}/staff/insights?lang=id`);
      const opd = page.locator('#stats-opd');
      await expect(opd.locator('rect.chart-bar').count()).resolves.toBe(3);
      await expect(opd.locator('table').innerText()).resolves.toMatch(/Dinas Kesehatan\s+3[\s\S]*Dinas Pendidikan dan Kebudayaan\s+1[\s\S]*Tanpa OPD\s+1/);
      await expect(page.locator('.definitions').innerText()).resolves.toContain('sebagai supervisor Anda melihat apa adanya');
      await axe.audit('id dashboard for a supervisor');
      await page.goto(`${app.url}/staff/insights?lang=en`);
      await expect(page.locator('.definitions').innerText()).resolves.toContain('as a supervisor you see as they are');
      await axe.audit('en dashboard for a supervisor');
      await page.goto(`${app.url}/staff/insights?lang=id`); // the language link saved the choice; leave it Indonesian
      expect(axe.findings()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
