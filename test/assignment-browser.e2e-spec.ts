import request from 'supertest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Role } from '../src/staff/role';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { formatFindings, launchBrowser, runAxe, signInStaff, staffAuditContext } from './support/browser';

/**
 * Issue 15 in a real browser: a supervisor chooses an inspector the report names, is refused for
 * the conflict of interest, finds the choice kept and a reason box for that very inspector,
 * writes the reason, and exactly that inspector is assigned with the reason on record. In
 * English: a reason written for one inspector is not moved to another, and unassigning asks why.
 * Every page on the way has no axe-core finding, in both languages.
 */

jest.setTimeout(300_000);

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const who: Record<string, { id: string; email: string; password: string }> = {};
const REASON_ANDI = 'ALASAN-ANDI: satu-satunya pemeriksa bersertifikat audit pengadaan.';
const REASON_CITRA = 'REASON-CITRA: she audited this OPD last year and knows its ledgers.';

async function inspector(key: string, name: string, opd: string | null) {
  who[key] = await app.createStaff([Role.Inspector]);
  await app.db.query(`UPDATE staff SET name = $2, opd_code = $3 WHERE id = $1`, [who[key].id, name, opd]);
}

async function fileReport(reportedPersons: string): Promise<string> {
  await request(app.url)
    .post('/api/v1/reports')
    .send({
      category: 'illegal_levy',
      opd: 'DUKCAPIL',
      title: 'Pungutan KTP',
      description: 'Petugas meminta uang untuk mempercepat KTP.',
      reported_persons: reportedPersons,
      anonymous: true,
      consent: 'yes',
    })
    .expect(201);
  const [row] = await app.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY submitted_at DESC, number DESC LIMIT 1`);
  return row.id;
}

/** Clicks submit and waits for the answer; returns its status. */
async function submit(form: Locator): Promise<number> {
  const action = new URL((await form.getAttribute('action'))!, page.url()).pathname;
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action);
  const loaded = page.waitForEvent('load');
  await form.locator('button[type=submit]').click();
  const status = (await posted).status();
  await loaded;
  return status;
}

async function expectNoAxeFindings(label: string): Promise<void> {
  const findings = await runAxe(page);
  expect(findings.length ? formatFindings(label, findings) : '').toBe('');
}

const radio = (id: string) => page.locator(`#assignment input[type=radio][value="${id}"]`);
const assignForm = () => page.locator('#assignment form[action$="/assign"]');

beforeAll(async () => {
  app = await startTestApp({ env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000' } });
  who.supervisor = await app.createStaff([Role.Supervisor]);
  await app.createStaff([Role.Custodian]);
  await inspector('andi', 'Andi Pratama', 'BPKAD');
  await inspector('budi', 'Budi Santoso', 'BPKAD');
  await inspector('citra', 'Citra Dewi', 'DUKCAPIL');
  browser = await launchBrowser();
  context = await staffAuditContext(browser);
  page = await context.newPage();
  await signInStaff(page, app.url, who.supervisor, TEST_PASSWORD);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await app?.close();
});

describe('assignment after a conflict error, in a real browser', () => {
  it('keeps the chosen inspector after the refusal and assigns exactly that one with the reason written for them', async () => {
    const caseId = await fileReport('Drs. H. A. Pratama, M.Si. (kepala seksi)');
    await page.goto(`${app.url}/staff/cases/${caseId}?lang=id`);
    await expect(page.locator('#assignment').innerText()).resolves.toContain('Disarankan: beban kasus terbuka paling sedikit (0), tanpa konflik');
    await expect(radio(who.budi.id).isChecked()).resolves.toBe(true); // the suggestion, not the named one
    await expect(radio(who.andi.id).isChecked()).resolves.toBe(false);
    await expect(page.locator('#assignment label.choice', { hasText: 'Andi Pratama' }).innerText()).resolves.toContain('disebut sebagai terlapor');
    await expectNoAxeFindings('case page (id)');

    await radio(who.andi.id).check();
    expect(await submit(assignForm())).toBe(409);
    await expect(radio(who.andi.id).isChecked()).resolves.toBe(true);
    await expect(radio(who.budi.id).isChecked()).resolves.toBe(false);
    await expect(page.locator('#overrideReason-error').innerText()).resolves.toBe(
      'Andi Pratama mungkin memiliki benturan kepentingan: disebut sebagai terlapor. Tuliskan alasan untuk tetap menugaskan Andi Pratama, atau pilih pemeriksa lain.',
    );
    await expect(page.locator('label[for="overrideReason"]').innerText()).resolves.toContain('Alasan tetap menugaskan Andi Pratama walaupun ada benturan kepentingan');
    await expect(page.locator('#assignment input[name="overrideFor"]').inputValue()).resolves.toBe(who.andi.id);
    expect(await app.db.query(`SELECT 1 FROM case_assignments WHERE case_id = $1`, [caseId])).toEqual([]);
    await expectNoAxeFindings('conflict refusal (id)');

    await page.locator('#overrideReason').fill(REASON_ANDI);
    expect(await submit(assignForm())).toBe(303);
    expect(await app.db.query(`SELECT staff_id FROM case_assignments WHERE case_id = $1`, [caseId])).toEqual([{ staff_id: who.andi.id }]);
    const history = await app.db.query<{ inspector_id: string; conflicts: string[] }>(`SELECT inspector_id, conflicts FROM case_assignment_history WHERE case_id = $1`, [caseId]);
    expect(history).toEqual([{ inspector_id: who.andi.id, conflicts: ['named_in_report'] }]);
    const box = await page.locator('#assignment').innerText();
    expect(box).toContain('Andi Pratama ditugaskan oleh');
    expect(box).toContain('Benturan kepentingan dikesampingkan: disebut sebagai terlapor');
    expect(box).toContain(REASON_ANDI);
    await expectNoAxeFindings('case page after assignment (id)');
  });

  it('in English, refuses a reason written for another inspector, keeps both, and asks why on unassigning', async () => {
    const caseId = await fileReport('Someone else');
    await page.goto(`${app.url}/staff/cases/${caseId}?lang=en`);
    await expect(page.locator('#assignment').innerText()).resolves.toContain('Suggested: fewest open cases (0), no conflict');
    await expectNoAxeFindings('case page (en)');

    await radio(who.citra.id).check();
    expect(await submit(assignForm())).toBe(409);
    await expect(page.locator('#overrideReason-error').innerText()).resolves.toContain('Citra Dewi may have a conflict of interest: works in the reported OPD.');
    await expectNoAxeFindings('conflict refusal (en)');

    // Citra's reason, but Budi chosen: refused, the choice and the reason both kept as they were.
    await page.locator('#overrideReason').fill(REASON_CITRA);
    await radio(who.budi.id).check();
    expect(await submit(assignForm())).toBe(400);
    await expect(radio(who.budi.id).isChecked()).resolves.toBe(true);
    await expect(page.locator('#overrideReason').inputValue()).resolves.toBe(REASON_CITRA);
    await expect(page.locator('#overrideReason-error').innerText()).resolves.toContain('This reason was written for Citra Dewi, but Budi Santoso is chosen.');
    expect(await app.db.query(`SELECT 1 FROM case_assignments WHERE case_id = $1`, [caseId])).toEqual([]);
    await expectNoAxeFindings('reason for another inspector (en)');

    await radio(who.citra.id).check();
    expect(await submit(assignForm())).toBe(303);
    expect(await app.db.query(`SELECT staff_id FROM case_assignments WHERE case_id = $1`, [caseId])).toEqual([{ staff_id: who.citra.id }]);
    await expect(page.locator('#assignment').innerText()).resolves.toContain(REASON_CITRA);

    const unassign = page.locator('#assignment form[action$="/unassign"]', { hasText: 'Citra Dewi' });
    expect(await submit(unassign)).toBe(400);
    await expect(page.locator('#unassignReason-error').innerText()).resolves.toBe('Give the reason for taking this inspector off the case.');
    expect(await app.db.query(`SELECT staff_id FROM case_assignments WHERE case_id = $1`, [caseId])).toEqual([{ staff_id: who.citra.id }]);
    await expectNoAxeFindings('unassign without a reason (en)');
    await page.locator(`#unassign-${who.citra.id}`).fill('Workload moved to the new team.');
    expect(await submit(page.locator('#assignment form[action$="/unassign"]', { hasText: 'Citra Dewi' }))).toBe(303);
    expect(await app.db.query(`SELECT 1 FROM case_assignments WHERE case_id = $1`, [caseId])).toEqual([]);
    await expect(page.locator('#assignment').innerText()).resolves.toContain('Citra Dewi taken off by');
    await expectNoAxeFindings('case page after unassigning (en)');
  });
});
