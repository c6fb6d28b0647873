import { TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { auditContext, AxeFinding, formatFindings, launchBrowser, PageGlobals, PHONE_VIEWPORT, runAxe } from './support/browser';

/**
 * Two-factor sign-in in a real browser with JavaScript off, on a phone-sized screen: forced
 * enrolment after the first sign-in, the recovery codes, signing in with a code; and an
 * accessibility audit (axe-core) of the sign-in, enrolment and recovery-code pages.
 */
jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;
const clock = new FixedClock(new Date());
const contexts: BrowserContext[] = [];
/** Pages as the member's browser received them, for the audit. */
const seen: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ env: { STAFF_2FA: 'required', RATE_LIMIT_LOGIN: '1000' }, clock });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
});

async function memberPage(): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE_VIEWPORT, locale: 'id-ID' });
  contexts.push(context);
  return context.newPage();
}

async function submit(page: Page, form: string, pathname: string) {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === pathname);
  await page.locator(`${form} button[type=submit]`).click();
  const response = await answered;
  await page.waitForLoadState('load');
  return response;
}

async function fitsTheScreen(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return g.document.documentElement.scrollWidth <= g.innerWidth;
  });
}

async function signIn(page: Page, email: string, password: string, otp?: string) {
  await page.goto(app.url + '/staff/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  if (otp !== undefined) await page.locator('#otp').fill(otp);
  return submit(page, 'form[action="/staff/login"]', '/staff/login');
}

describe('staff two-factor sign-in in a browser', () => {
  let secret = '';

  it('enrols a new member right after the first sign-in and shows the recovery codes once', async () => {
    const member = await app.createStaff([Role.Supervisor]);
    const page = await memberPage();
    await signIn(page, member.email, member.password);
    expect(new URL(page.url()).pathname).toBe('/staff/2fa');
    seen.setup = await page.content();
    await expect(page.locator('.qr svg').isVisible()).resolves.toBe(true);
    expect(await fitsTheScreen(page)).toBe(true);
    secret = (await page.locator('#totp-secret').innerText()).replace(/\s/g, '');

    const right = new TOTP({ secret }).generate({ timestamp: clock.now().getTime() });
    await page.locator('#otp').fill(String((Number(right) + 500_001) % 1_000_000).padStart(6, '0'));
    expect((await submit(page, 'form[action="/staff/2fa"]', '/staff/2fa')).status()).toBe(400);
    await expect(page.locator('#otp-error').isVisible()).resolves.toBe(true);
    seen.setupWithError = await page.content();

    await page.locator('#otp').fill(right);
    expect((await submit(page, 'form[action="/staff/2fa"]', '/staff/2fa')).status()).toBe(200);
    const codes = (await page.locator('#recovery-codes').innerText()).trim().split('\n');
    expect(codes).toHaveLength(10);
    expect(await fitsTheScreen(page)).toBe(true);
    seen.recoveryCodes = await page.content();

    await page.locator('a.btn[href="/staff/cases"]').click();
    await page.waitForURL((u) => u.pathname === '/staff/cases');
    await page.goto(app.url + '/staff/2fa');
    await expect(page.locator('#totp-status').isVisible()).resolves.toBe(true);
    seen.status = await page.content();

    await page.locator('header form[action="/staff/logout"] button').click();
    await page.waitForURL((u) => u.pathname === '/staff/login');

    clock.advance(30_000);
    const refused = await signIn(page, member.email, member.password);
    expect(refused.status()).toBe(401);
    await expect(page.locator('#otp-error').isVisible()).resolves.toBe(true);
    await expect(page.locator('#otp').getAttribute('aria-invalid')).resolves.toBe('true');
    seen.loginWithError = await page.content();

    await signIn(page, member.email, member.password, new TOTP({ secret }).generate({ timestamp: clock.now().getTime() }));
    expect(new URL(page.url()).pathname).toBe('/staff/cases');
  });

  it('has no serious or critical axe-core violations on the sign-in and two-factor pages', async () => {
    expect(Object.keys(seen).sort()).toEqual(['loginWithError', 'recoveryCodes', 'setup', 'setupWithError', 'status']);
    const audit = await auditContext(browser);
    contexts.push(audit);
    const page = await audit.newPage();
    const replay = async (html: string) => {
      await page.route(`${app.url}/staff/replay`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto(`${app.url}/staff/replay`);
      await page.unrouteAll();
    };
    // First prove the audit really runs: a page with known faults must be reported.
    await replay('<!doctype html><html><head><title>x</title></head><body><input type="text"></body></html>');
    expect((await runAxe(page)).map((f) => f.id)).toEqual(expect.arrayContaining(['html-has-lang', 'label']));

    const serious: string[] = [];
    const pages: [string, () => Promise<unknown>][] = [
      ['/staff/login', () => page.goto(app.url + '/staff/login')],
      ...Object.entries(seen).map(([label, html]): [string, () => Promise<unknown>] => [label, () => replay(html)]),
    ];
    for (const [label, open] of pages) {
      await open();
      await page.waitForLoadState('load');
      const findings: AxeFinding[] = await runAxe(page);
      const bad = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
      if (bad.length) serious.push(formatFindings(label, bad));
    }
    expect(serious).toEqual([]);
  });
});
