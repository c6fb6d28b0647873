import axe from 'axe-core';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Response } from 'playwright-core';

/** Debian's Chromium; playwright-core ships no browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A small phone, the device most reporters are expected to use. */
export const PHONE_VIEWPORT = { width: 360, height: 740 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The reporter's browser: JavaScript off (Tor Browser "Safest"), a phone-sized viewport, and
 * Indonesian as the preferred language.
 */
export function reporterContext(browser: Browser, extra: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false, viewport: PHONE_VIEWPORT, locale: 'id-ID', ...extra });
}

/**
 * A context only for measuring: scripts on and the page's CSP bypassed so axe-core can be
 * injected (the app's CSP rightly forbids inline script).
 */
export function auditContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: true, bypassCSP: true, viewport: PHONE_VIEWPORT, locale: 'id-ID' });
}

/**
 * The few browser globals the page functions below use. The project compiles without the DOM
 * library (it is a server), and these functions only ever run inside Chromium.
 */
export interface PageElement {
  tagName: string;
  id: string;
  className: unknown;
  href?: string;
  src?: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
}
export interface PageGlobals {
  innerWidth: number;
  axe: typeof axe;
  document: {
    documentElement: { scrollWidth: number };
    title: string;
    body: { scrollWidth: number; innerText: string };
    styleSheets: { length: number };
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Runs axe-core on the current page; returns every violation, most severe first. */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    const result = await g.axe.run(g.document as unknown as axe.ElementContext, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary ?? '' })),
    }));
  });
  const rank = (i: string | null | undefined) => ['critical', 'serious', 'moderate', 'minor'].indexOf(i ?? 'minor');
  return violations.sort((a, b) => rank(a.impact) - rank(b.impact));
}

export function formatFindings(label: string, findings: AxeFinding[]): string {
  return findings
    .map((f) => `[${label}] ${f.impact} ${f.id}: ${f.help} (${f.helpUrl})\n${f.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n');
}

export interface SeenResponse {
  url: string;
  status: number;
  method: string;
  resourceType: string;
  /** All headers, including Set-Cookie (which `headers()` leaves out). */
  headers: Promise<Record<string, string>>;
  /** Decoded body length (the app does not compress); 0 for redirects, which have none. */
  bodyBytes: Promise<number>;
}

/**
 * Records every response a page receives, so a step can check the headers of each document and
 * weigh what it cost the reporter to load.
 */
export class ResponseRecorder {
  private seen: SeenResponse[] = [];
  /** Sizes of subresources (the stylesheet) seen so far, for the weight of a page loaded from cache. */
  private readonly knownSizes = new Map<string, Promise<number>>();

  constructor(private readonly page: Page) {
    page.on('response', (r) => this.record(r));
  }

  private record(r: Response): void {
    const bodyBytes =
      r.status() >= 300 && r.status() < 400
        ? Promise.resolve(0)
        : r.body().then(
            (b) => b.length,
            () => 0,
          );
    const entry: SeenResponse = {
      url: r.url(),
      status: r.status(),
      method: r.request().method(),
      resourceType: r.request().resourceType(),
      headers: r.allHeaders().catch(() => r.headers()),
      bodyBytes,
    };
    if (entry.resourceType !== 'document') this.knownSizes.set(stripHash(entry.url), bodyBytes);
    this.seen.push(entry);
  }

  /** Forgets what was seen, before the next step. */
  reset(): void {
    this.seen = [];
  }

  get responses(): readonly SeenResponse[] {
    return this.seen;
  }

  documents(): SeenResponse[] {
    return this.seen.filter((r) => r.resourceType === 'document');
  }

  /**
   * Bytes the page now shown costs on a cold cache: its HTML plus every stylesheet, image and
   * script it references (fetched through the context when it came from the browser cache).
   */
  async pageWeight(): Promise<{ total: number; parts: Record<string, number> }> {
    const docs = this.documents();
    const doc = docs[docs.length - 1];
    if (!doc) throw new Error('no document was loaded in this step');
    const parts: Record<string, number> = { [`${doc.method} ${doc.url}`]: await doc.bodyBytes };
    const refs = await this.page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals;
      return [
        ...Array.from(document.querySelectorAll('link[rel~="stylesheet"], link[rel~="icon"], link[rel~="preload"]')).map((l) => l.href ?? ''),
        ...Array.from(document.querySelectorAll('img[src], script[src]')).map((e) => e.src ?? ''),
      ].filter((u) => u && !u.startsWith('data:'));
    });
    for (const ref of refs) {
      const key = stripHash(ref);
      let size = this.knownSizes.get(key);
      if (!size) {
        size = this.page
          .context()
          .request.get(ref)
          .then((res) => res.body())
          .then((b) => b.length);
        this.knownSizes.set(key, size);
      }
      parts[ref] = await size;
    }
    return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
  }
}

function stripHash(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.toString();
}

/** A staff member's desktop context for axe audits: scripts on, the CSP bypassed (see auditContext). */
export function staffAuditContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: true, bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
}

/** Signs a staff member in through the login form, as a person does. */
export async function signInStaff(page: Page, appUrl: string, who: { email: string; password?: string }, password: string): Promise<void> {
  await page.goto(`${appUrl}/staff/login`);
  await page.locator('#email').fill(who.email);
  await page.locator('#password').fill(who.password ?? password);
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.locator('form[action="/staff/login"] button[type=submit]').click()]);
}

/**
 * Collects axe-core's serious and critical findings page after page. `proveItRuns` first feeds
 * it a page with known faults, so a silently broken audit cannot pass as a clean one.
 */
export function axeCollector(page: Page) {
  const serious: string[] = [];
  return {
    async proveItRuns(appUrl: string): Promise<void> {
      await page.route(`${appUrl}/canary`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><head><title>x</title></head><body><input type="text"></body></html>' }),
      );
      await page.goto(`${appUrl}/canary`);
      const ids = (await runAxe(page)).map((f) => f.id);
      await page.unrouteAll();
      if (!ids.includes('html-has-lang') || !ids.includes('label')) throw new Error(`axe-core did not report the canary's faults (got ${ids.join(', ')})`);
    },
    async audit(label: string): Promise<void> {
      const bad = (await runAxe(page)).filter((f: AxeFinding) => f.impact === 'serious' || f.impact === 'critical');
      if (bad.length) serious.push(formatFindings(label, bad));
    },
    findings(): string[] {
      if (serious.length) console.log(`axe-core, serious and critical:\n${serious.join('\n')}`);
      return serious;
    },
  };
}
