import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { launchBrowser, reporterContext } from './support/browser';

jest.setTimeout(120_000);

/**
 * Issue 14 in a real browser with JavaScript off: a reload of the receipt page (the browser
 * posts the form again) shows the same receipt and files nothing; the receipt downloads as a
 * text file; printing shows the receipt card alone.
 */
describe('the receipt page in a browser without JavaScript', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cases = async () => Number((await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`))[0].n);

  beforeAll(async () => {
    app = await startTestApp();
    await app.createStaff([Role.Supervisor]);
    await app.createStaff([Role.Custodian]);
    browser = await launchBrowser();
    context = await reporterContext(browser, { acceptDownloads: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('files once however often the receipt page is reloaded, and shows the same receipt', async () => {
    await page.goto(`${app.url}/report`);
    await page.locator('#category').selectOption({ index: 1 });
    await page.locator('#title').fill('Pungutan liar di loket izin');
    await page.locator('#description').fill('Petugas loket meminta uang tambahan di luar tarif resmi untuk mempercepat izin usaha, setiap pagi.');
    await page.locator('#consent').check();
    await Promise.all([page.waitForURL((u) => u.pathname === '/report'), page.locator('form[action="/report"] button[type=submit]').click()]);
    await page.locator('#receipt').waitFor();
    const receipt = (await page.locator('#receipt').innerText()).trim();
    expect(await cases()).toBe(1);

    // Chromium posts the form again on reload; the answer must be the same receipt.
    const reposted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/report');
    await page.reload();
    await reposted;
    await page.locator('#receipt').waitFor();
    expect((await page.locator('#receipt').innerText()).trim()).toBe(receipt);
    expect(await page.locator('main').innerText()).toContain('tidak ada laporan baru yang dibuat');
    expect(await cases()).toBe(1);
  });

  it('downloads the receipt as a text file', async () => {
    const receipt = (await page.locator('#receipt').innerText()).trim();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('form[action="/report/receipt"] button[type=submit]').click()]);
    expect(download.suggestedFilename()).toBe('wbs-receipt.txt');
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toContain(`Nomor resi Anda: ${receipt}`);
    expect(new URL(page.url()).search).not.toContain(receipt.slice(0, 4));
  });

  it('prints the receipt card alone', async () => {
    await page.emulateMedia({ media: 'print' });
    const visible = (sel: string) => page.locator(sel).first().isVisible();
    const shown = {
      receipt: await visible('#receipt'),
      header: await visible('header.site'),
      download: await visible('form[action="/report/receipt"] button'),
      note: await visible('.receipt-card .print-only'),
    };
    expect(shown).toEqual({ receipt: true, header: false, download: false, note: true });
    await page.emulateMedia({ media: 'screen' });
  });
});
