import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { launchBrowser, reporterContext } from './support/browser';

/**
 * Issue 3 in a real browser: a supervisor, an inspector and a custodian walk one identified report
 * through triage → assignment → question to the reporter → the reporter answers on the tracking
 * page → identity request → approval → closing with an outcome → the reporter sees the outcome.
 * The reporter's browser has JavaScript off on a 360 px phone; the staff pages need no script
 * either, so the supervisor's browser has it on and the inspector's and custodian's have it off.
 */

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '.artifacts');
const TAG = Date.now().toString(36);
const TITLE = `Pungutan liar pada penerbitan izin reklame ${TAG}`;
const DESCRIPTION =
  'Petugas bidang perizinan meminta uang Rp 750.000 di luar tarif resmi agar izin reklame terbit dalam seminggu. ' + 'Permintaan disampaikan di ruang pelayanan pada hari Senin pagi, tanpa kuitansi.';
const REPORTER_NAME = `Wa Ode Nurhayati ${TAG}`;
const REPORTER_PHONE = '081245678901';
const INSPECTOR_NAME = `Andi Saputra ${TAG}`;
const REASON_VERIFY = `ALASAN-VERIFIKASI-${TAG}: laporan cukup jelas untuk diverifikasi.`;
const QUESTION = `Terima kasih. Kapan tepatnya kejadian itu dan berapa orang yang mengalami hal yang sama? (PERTANYAAN-${TAG})`;
const ANSWER = `Senin, 3 Maret, sekitar pukul 09.00. Dua pemohon lain juga dimintai uang. (JAWABAN-${TAG})`;
const JUSTIFICATION = `JUSTIFIKASI-${TAG}: pelapor perlu diminta keterangan langsung sebagai saksi.`;
const APPROVAL_REASON = `PERSETUJUAN-${TAG}: keterangan saksi diperlukan untuk pemeriksaan.`;
const REASON_INVESTIGATE = `ALASAN-PEMERIKSAAN-${TAG}: bukti awal cukup.`;
const REASON_CLOSE = `ALASAN-PENUTUPAN-${TAG}: LHP sudah ditandatangani.`;
const SUMMARY = `Petugas yang bersangkutan dijatuhi hukuman disiplin dan uang dikembalikan. Terima kasih atas laporan Anda. (RINGKASAN-${TAG})`;
/** What the supervisor, inspector and custodian typed for each other, never for the reporter. */
const INTERNAL = [REASON_VERIFY, REASON_INVESTIGATE, REASON_CLOSE, JUSTIFICATION, APPROVAL_REASON, INSPECTOR_NAME];

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
let reporterPage: Page;
let supervisorPage: Page;
let inspectorPage: Page;
let custodianPage: Page;
let supervisor: { id: string; email: string };
let inspector: { id: string; email: string };
let custodian: { id: string; email: string };

/** State the later steps need from the earlier ones; each step checks that the one before it ran. */
const journey: { receipt?: string; caseId?: string; caseNumber?: string; steps: string[] } = { steps: [] };

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  app = await startTestApp({ env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000' } });
  supervisor = await app.createStaff([Role.Supervisor]);
  inspector = await app.createStaff([Role.Inspector]);
  await app.db.query(`UPDATE staff SET name = $2 WHERE id = $1`, [inspector.id, INSPECTOR_NAME]);
  custodian = await app.createStaff([Role.Custodian]);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
});

async function staffContext(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
  contexts.push(context);
  return context.newPage();
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `case-work-${name}.png`), fullPage: true });
}

/** The error texts a page shows (summary, beside fields, alerts), to explain a refused form. */
async function shownErrors(page: Page): Promise<string> {
  const texts = await page.locator('.errors, .error, [role=alert]').allInnerTexts();
  return texts.join(' | ');
}

/**
 * Clicks the form's submit button and waits until the page it leads to has loaded. Expects the
 * POST to be answered with a 303 redirect (success); otherwise fails with the errors shown.
 */
async function submit(page: Page, form: Locator, expectStatus = 303, button = 'button[type=submit]'): Promise<void> {
  const action = await form.getAttribute('action');
  expect(action).toBeTruthy();
  const pathname = new URL(action!, page.url()).pathname;
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === pathname);
  const loaded = page.waitForEvent('load');
  await form.locator(button).click();
  const response = await posted;
  await loaded;
  const status = response.status();
  if (status !== expectStatus) {
    expect({ action: pathname, status, errors: await shownErrors(page) }).toEqual({ action: pathname, status: expectStatus, errors: '' });
  }
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(app.url + '/staff/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(TEST_PASSWORD);
  await submit(page, page.locator('form[action="/staff/login"]'));
}

async function bodyText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

/** The text of the definition beside a term in the page's first `dl.facts` holding it. */
async function fact(page: Page, scope: string, term: string): Promise<string> {
  // The whole term, not a substring: "Pelapor" must not find "Tenggat kabar ke pelapor".
  const exact = new RegExp(`^\\s*${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const dd = page.locator(`${scope} dl.facts dt`, { hasText: exact }).first().locator('xpath=following-sibling::dd[1]');
  return (await dd.innerText()).trim();
}

function casePath(): string {
  expect(journey.caseId).toMatch(/^[0-9a-f-]{36}$/);
  return `/staff/cases/${journey.caseId}`;
}

/** Follows the case page's link to one status move's own page. */
async function move(page: Page, to: string): Promise<void> {
  await Promise.all([page.waitForURL((u) => u.pathname === `${casePath()}/move/${to}`), page.locator(`#status a[href$="/move/${to}"]`).click()]);
}

async function openCase(page: Page): Promise<void> {
  const res = await page.goto(app.url + casePath());
  expect(res!.status()).toBe(200);
}

describe('case work from triage to outcome, in a real browser', () => {
  it('1. lets the reporter (JavaScript off, 360 px) file an identified report and keep the receipt', async () => {
    const context = await reporterContext(browser);
    contexts.push(context);
    reporterPage = await context.newPage();
    const page = reporterPage;

    const form = await page.goto(app.url + '/report');
    expect(form!.status()).toBe(200);
    await page.locator('#category').selectOption({ index: 1 });
    await page.locator('#title').fill(TITLE);
    await page.locator('#description').fill(DESCRIPTION);
    await page.locator('input[name="anonymous"][value="no"]').check();
    await page.locator('#reporter_name').fill(REPORTER_NAME);
    await page.locator('#reporter_phone').fill(REPORTER_PHONE);
    await page.locator('#consent').check();
    await submit(page, page.locator('form[action="/report"]'), 200);

    const receipt = (await page.locator('#receipt').innerText()).trim();
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    journey.receipt = receipt;
    await shot(page, '01-reporter-receipt');
    journey.steps.push('report');
  });

  it('2. lets the supervisor find the report, move it to "verifying" with a reason and assign the inspector', async () => {
    expect(journey.steps).toEqual(['report']);
    supervisorPage = await staffContext(true);
    const page = supervisorPage;
    await signIn(page, supervisor.email);
    expect(new URL(page.url()).pathname).toBe('/staff/cases');

    const row = page.locator('table tbody tr', { hasText: TITLE });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('.status').innerText()).resolves.toBe('Diterima');
    const link = row.locator('a[href^="/staff/cases/"]').first();
    journey.caseNumber = (await link.innerText()).trim();
    await link.click();
    await page.waitForURL((u) => /^\/staff\/cases\/[0-9a-f-]{36}$/.test(u.pathname));
    journey.caseId = new URL(page.url()).pathname.split('/').pop();

    await expect(page.locator('h1').innerText()).resolves.toContain(TITLE);
    await expect(page.locator('pre.narrative').innerText()).resolves.toContain('Rp 750.000');
    expect(await fact(page, 'main', 'Pelapor')).toContain('Beridentitas');
    expect(await fact(page, 'main', 'Pemeriksa')).toBe('Belum ada pemeriksa.');
    let text = await bodyText(page);
    expect(text).not.toContain(REPORTER_NAME);
    expect(text).not.toContain(REPORTER_PHONE);

    // Triage: received → verifying, on that move's own page, with the (internal) reason.
    await move(page, 'verifying');
    await expect(page.locator('main form [name=outcome], main form [name=summary], main form [name=track]').count()).resolves.toBe(0);
    await page.locator('textarea#reason').fill(REASON_VERIFY);
    await submit(page, page.locator('main form[action$="/move/verifying"]'));
    expect(new URL(page.url()).pathname).toBe(casePath());
    expect(await fact(page, 'main', 'Status')).toBe('Sedang diverifikasi');
    await expect(page.locator('#history ol.timeline').innerText()).resolves.toContain(REASON_VERIFY);

    // Assignment: the inspector is offered, with their caseload, and chosen by radio button.
    const choice = page.locator('#assignment label.choice', { hasText: INSPECTOR_NAME });
    await expect(choice.count()).resolves.toBe(1);
    await expect(choice.innerText()).resolves.toContain('0 kasus terbuka');
    await choice.locator(`input[type=radio][value="${inspector.id}"]`).check();
    await submit(page, page.locator(`#assignment form[action$="/assign"]`));
    expect(new URL(page.url()).pathname).toBe(casePath());
    expect(await fact(page, 'main', 'Pemeriksa')).toBe(INSPECTOR_NAME);
    await expect(page.locator(`#assignment form[action$="/unassign"]`, { hasText: INSPECTOR_NAME }).count()).resolves.toBe(1);

    text = await bodyText(page);
    expect(text).not.toContain(REPORTER_NAME);
    await shot(page, '02-supervisor-case-assigned');
    journey.steps.push('triage');
  });

  it('3. shows the inspector exactly that case, and lets them ask the reporter a question', async () => {
    expect(journey.steps).toEqual(['report', 'triage']);
    inspectorPage = await staffContext(false);
    const page = inspectorPage;
    await signIn(page, inspector.email);
    expect(new URL(page.url()).pathname).toBe('/staff/cases');

    const rows = page.locator('table tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().innerText()).resolves.toContain(TITLE);
    await expect(page.locator('header nav').innerText()).resolves.toContain(INSPECTOR_NAME);
    await rows.first().locator(`a[href="${casePath()}"]`).click();
    await page.waitForURL((u) => u.pathname === casePath());

    await expect(page.locator('pre.narrative').innerText()).resolves.toContain('Rp 750.000');
    // Supervisors' forms are not offered to an inspector.
    await expect(page.locator('#assignment, #status').count()).resolves.toBe(0);
    await expect(page.locator('#messages').innerText()).resolves.toContain('Belum ada pesan.');

    // A preview first, as the reporter will see it; only "Send" sends.
    await page.locator('#messages textarea#body').fill(QUESTION);
    await submit(page, page.locator('#messages form'), 200);
    await expect(page.locator('#reporter-view .msg-body').innerText()).resolves.toBe(QUESTION);
    await submit(page, page.locator('#confirm'), 303, 'button[value=send]');
    expect(new URL(page.url()).pathname).toBe(casePath());
    const sent = page.locator('#messages .msg.inspectorate');
    await expect(sent.count()).resolves.toBe(1);
    await expect(sent.innerText()).resolves.toContain(QUESTION);
    await shot(page, '03-inspector-question');
    journey.steps.push('question');
  });

  it('4. shows the reporter the question from "Inspektorat" on the tracking page, and takes the answer', async () => {
    expect(journey.steps).toEqual(['report', 'triage', 'question']);
    const page = reporterPage;
    await page.goto(app.url + '/track');
    await page.locator('#receipt').fill(journey.receipt!);
    await submit(page, page.locator('form[action="/track"]'));
    expect(new URL(page.url()).pathname).toBe('/track/case');

    expect(await fact(page, 'main', 'Status')).toContain('Sedang diverifikasi');
    const question = page.locator('#messages .msg.inspectorate');
    await expect(question.count()).resolves.toBe(1);
    await expect(question.locator('.msg-body').innerText()).resolves.toBe(QUESTION);
    await expect(question.locator('.meta').innerText()).resolves.toMatch(/^Inspektorat\s·/);
    const text = await bodyText(page);
    for (const secret of [INSPECTOR_NAME, inspector.email, REASON_VERIFY]) expect(text).not.toContain(secret);
    await shot(page, '04-reporter-question');

    await page.locator('#messages textarea#body').fill(ANSWER);
    await submit(page, page.locator('form[action="/track/messages"]'));
    expect(new URL(page.url()).pathname).toBe('/track/case');
    const mine = page.locator('#messages .msg.reporter');
    await expect(mine.count()).resolves.toBe(1);
    await expect(mine.locator('.msg-body').innerText()).resolves.toBe(ANSWER);
    await expect(mine.locator('.meta').innerText()).resolves.toMatch(/^Anda\s·/);
    journey.steps.push('answer');
  });

  it('5. shows the inspector the answer, and takes their identity request with its justification', async () => {
    expect(journey.steps).toEqual(['report', 'triage', 'question', 'answer']);
    const page = inspectorPage;
    await page.goto(app.url + '/staff/cases');
    await expect(page.locator('table tbody tr').first().innerText()).resolves.toContain('Ada pesan pelapor');
    await openCase(page);
    const answer = page.locator('#messages .msg.reporter');
    await expect(answer.count()).resolves.toBe(1);
    await expect(answer.locator('.msg-body').innerText()).resolves.toBe(ANSWER);
    await expect(answer.locator('.meta').innerText()).resolves.toMatch(/^Pelapor\s·/);
    // The identity is still sealed.
    expect(await bodyText(page)).not.toContain(REPORTER_NAME);

    await page.locator('#identity textarea#justification').fill(JUSTIFICATION);
    await submit(page, page.locator('#identity form'));
    expect(new URL(page.url()).pathname).toBe(casePath());
    const pending = page.locator('#identity .msg', { hasText: JUSTIFICATION });
    await expect(pending.count()).resolves.toBe(1);
    await expect(pending.locator('.meta').innerText()).resolves.toContain(INSPECTOR_NAME);
    journey.steps.push('identity-request');
  });

  it('6. shows the custodian the justification (never the case) and records the approval', async () => {
    expect(journey.steps).toEqual(['report', 'triage', 'question', 'answer', 'identity-request']);
    custodianPage = await staffContext(false);
    const page = custodianPage;
    await signIn(page, custodian.email);
    // A custodian starts where their work is, not on an inbox they may not read.
    expect(new URL(page.url()).pathname).toBe('/staff/identity-requests');

    const list = await page.goto(app.url + '/staff/identity-requests');
    expect(list!.status()).toBe(200);
    const card = page.locator('main section.card', { hasText: JUSTIFICATION });
    await expect(card.count()).resolves.toBe(1);
    expect(await fact(page, 'main section.card', 'Kasus')).toBe(journey.caseNumber);
    expect(await fact(page, 'main section.card', 'Pemohon')).toBe(INSPECTOR_NAME);
    const text = await bodyText(page);
    for (const secret of [REPORTER_NAME, REPORTER_PHONE, 'Rp 750.000', QUESTION, ANSWER]) expect(text).not.toContain(secret);
    await shot(page, '06-custodian-requests');

    const forbidden = await page.goto(app.url + casePath());
    expect(forbidden!.status()).toBe(403);
    const refusedText = await bodyText(page);
    expect(refusedText).not.toContain(TITLE);
    expect(refusedText).not.toContain('Rp 750.000');

    await page.goto(app.url + '/staff/identity-requests');
    const form = page.locator('main section.card', { hasText: JUSTIFICATION }).locator('form');
    await form.locator('input[type=radio][name=approve][value=yes]').check();
    await form.locator('textarea[name=reason]').fill(APPROVAL_REASON);
    await submit(page, form);
    expect(new URL(page.url()).pathname).toBe('/staff/identity-requests');
    await expect(page.locator('main section.card', { hasText: JUSTIFICATION }).count()).resolves.toBe(0);

    await page.goto(app.url + '/staff/identity-requests?status=approved');
    const decided = page.locator('main section.card', { hasText: JUSTIFICATION });
    await expect(decided.count()).resolves.toBe(1);
    await expect(decided.innerText()).resolves.toContain(APPROVAL_REASON);
    await expect(decided.locator('form').count()).resolves.toBe(0);
    journey.steps.push('approval');
  });

  it("7. shows the reporter's name and phone to the inspector only, not to the supervisor", async () => {
    expect(journey.steps).toEqual(['report', 'triage', 'question', 'answer', 'identity-request', 'approval']);
    await openCase(inspectorPage);
    expect(await fact(inspectorPage, '#identity', 'Nama')).toBe(REPORTER_NAME);
    expect(await fact(inspectorPage, '#identity', 'Telepon')).toBe(REPORTER_PHONE);
    await expect(inspectorPage.locator('#identity form').count()).resolves.toBe(0);
    await shot(inspectorPage, '07-inspector-identity');

    await openCase(supervisorPage);
    const text = await bodyText(supervisorPage);
    expect(text).not.toContain(REPORTER_NAME);
    expect(text).not.toContain(REPORTER_PHONE);
    await expect(supervisorPage.locator('#identity dl.facts').count()).resolves.toBe(0);
    journey.steps.push('disclosed');
  });

  it('8. lets the supervisor move the case to investigating and close it with an outcome and a summary', async () => {
    expect(journey.steps.at(-1)).toBe('disclosed');
    const page = supervisorPage;
    await openCase(page);
    await move(page, 'investigating');
    await page.locator('textarea#reason').fill(REASON_INVESTIGATE);
    await page.locator('input[name=track][value=examination]').check();
    await submit(page, page.locator('main form[action$="/move/investigating"]'));
    expect(await fact(page, 'main', 'Status')).toBe('Sedang ditindaklanjuti (pemeriksaan)');
    expect(await fact(page, 'main', 'Jalur')).toBe('Perlu pemeriksaan (60 hari kerja)');

    await move(page, 'closed');
    await page.locator('textarea#reason').fill(REASON_CLOSE);
    await page.locator('input[name=outcome][value=substantiated]').check();
    await page.locator('textarea#summary').fill(SUMMARY);
    await submit(page, page.locator('main form[action$="/move/closed"]'));
    expect(new URL(page.url()).pathname).toBe(casePath());
    expect(await fact(page, 'main', 'Status')).toBe('Selesai');
    expect(await fact(page, 'main', 'Hasil')).toBe('Terbukti');
    expect(await fact(page, 'main', 'Ringkasan untuk pelapor')).toBe(SUMMARY);
    const history = await page.locator('#history ol.timeline').innerText();
    for (const reason of [REASON_VERIFY, REASON_INVESTIGATE, REASON_CLOSE]) expect(history).toContain(reason);
    expect(await bodyText(page)).not.toContain(REPORTER_NAME);
    await shot(page, '08-supervisor-case-closed');
    journey.steps.push('closed');
  });

  it('9. shows the reporter "Selesai", the outcome, the summary and the disclosure, and nothing internal', async () => {
    expect(journey.steps.at(-1)).toBe('closed');
    const page = reporterPage;
    const res = await page.goto(app.url + '/track/case');
    expect(res!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/track/case');

    const status = await fact(page, 'main', 'Status');
    expect(status).toContain('Selesai');
    expect(status).toContain('Penanganan laporan sudah selesai.');
    const outcome = await fact(page, 'main', 'Hasil');
    expect(outcome).toContain('Terbukti');
    expect(outcome).toContain(SUMMARY);
    const disclosure = page.locator('main p.warn', { hasText: 'Identitas Anda dibuka untuk satu orang pemeriksa' });
    await expect(disclosure.count()).resolves.toBe(1);
    const timeline = await page.locator('ol.timeline').innerText();
    for (const s of ['Diterima', 'Sedang diverifikasi', 'Sedang ditindaklanjuti (pemeriksaan)', 'Selesai']) expect(timeline).toContain(s);
    await expect(page.locator('#messages').innerText()).resolves.toContain(QUESTION);

    const text = await bodyText(page);
    const html = await page.content();
    for (const secret of [...INTERNAL, inspector.email, supervisor.email, custodian.email]) {
      expect({ secret, inText: text.includes(secret), inHtml: html.includes(secret) }).toEqual({ secret, inText: false, inHtml: false });
    }
    await shot(page, '09-reporter-outcome');
  });
});
