import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { AuditChainer } from '../src/audit/audit-chainer';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { untilIdle } from './support/idle';
import { bearer, csrfOf, pageSession } from './support/pages';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');

/**
 * Issue 5, audit: every kind of access leaves its entry (with nothing about the reporter and no
 * network data), the chain holds and `audit:verify` says so, an entry altered or deleted behind
 * the trigger's back is found at exactly that place, the trigger refuses UPDATE, DELETE and
 * TRUNCATE, and only auditors and supervisors read the log.
 */
describe('Audit log', () => {
  let t: TestApp;
  const who: Record<string, { id: string; email: string; password: string }> = {};
  const auth: Record<string, string> = {};
  let caseId = '';
  let caseNumber = '';
  let receipt = '';
  let requestId = '';
  const NAME = 'NAMA-PELAPOR-7731';
  const PHONE = '081299988877';

  const entries = async () =>
    t.db.query<{ actor_type: string; actor_id: string | null; action: string; case_id: string | null; detail: string }>(
      `SELECT actor_type, actor_id, action, case_id, detail FROM audit_log ORDER BY id`,
    );
  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'warn' } });

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of [Role.Supervisor, Role.Inspector, Role.Custodian, Role.Auditor, Role.Admin]) {
      who[role] = await t.createStaff([role]);
      auth[role] = await bearer(t, who[role]);
    }
    const res = await request(t.url)
      .post('/api/v1/reports')
      .field({
        category: 'corruption',
        title: 'Mark-up pengadaan laptop',
        description: 'Harga laptop dinaikkan dua kali lipat dari harga pasar.',
        anonymous: 'no',
        reporter_name: NAME,
        reporter_phone: PHONE,
        consent: 'yes',
      })
      .attach('attachments', Buffer.from('%PDF-1.4\n%%EOF\n'), 'kuitansi.pdf')
      .expect(201);
    receipt = res.body.receipt;
    [{ id: caseId, number: caseNumber }] = await t.db.query<{ id: string; number: string }>(`SELECT id, number FROM cases`);
  });
  afterAll(() => t?.close());

  it('records every kind of access and change, by whom, without the reporter and without network data', async () => {
    // Reporter: sign-in (and a failed one), the case page, a message, a download.
    await request(t.url).post('/api/v1/track').send({ receipt: 'AAAA-BBBB-CCCC-DDDD' }).expect(401);
    const session = (await request(t.url).post('/api/v1/track').send({ receipt }).expect(200)).body.token;
    const view = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session}`).expect(200);
    await request(t.url).post('/api/v1/track/messages').set('Authorization', `Bearer ${session}`).send({ body: 'Tambahan keterangan.' }).expect(201);
    await request(t.url).get(`/api/v1/track/attachments/${view.body.attachments[0].id}`).set('Authorization', `Bearer ${session}`).expect(200);

    // Staff: a failed and a good sign-in, the inbox, the case, a file, the work on the case.
    await request(t.url).post('/api/v1/auth/login').send({ email: who.supervisor.email, password: 'salah sekali kata sandinya' }).expect(401);
    await request(t.url).post('/api/v1/auth/login').send({ email: 'tidak.ada@kendarikota.go.id', password: 'apa saja' }).expect(401);
    await request(t.url).get('/api/v1/cases').set('Authorization', auth.supervisor).expect(200);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', auth.supervisor).expect(200);
    await request(t.url).get(`/staff/cases/${caseId}/attachments/${view.body.attachments[0].id}`).set('Authorization', auth.supervisor).expect(200);
    await request(t.url).post(`/api/v1/cases/${caseId}/transition`).set('Authorization', auth.supervisor).send({ to: 'verifying', reason: 'Mulai' }).expect(200);
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set('Authorization', auth.supervisor).send({ inspectorId: who.inspector.id }).expect(201);
    await request(t.url).post(`/api/v1/cases/${caseId}/messages`).set('Authorization', auth.inspector).send({ body: 'Terima kasih.' }).expect(201);
    await request(t.url).post(`/api/v1/cases/${caseId}/notes`).set('Authorization', auth.inspector).send({ body: 'Catatan internal.' }).expect(201);
    requestId = (await request(t.url).post(`/api/v1/cases/${caseId}/identity-requests`).set('Authorization', auth.inspector).send({ justification: 'Perlu keterangan saksi.' }).expect(201)).body.id;
    await request(t.url).get('/api/v1/identity-requests').set('Authorization', auth.custodian).expect(200);
    await request(t.url).post(`/api/v1/identity-requests/${requestId}/decision`).set('Authorization', auth.custodian).send({ approve: true, reason: 'Cukup' }).expect(200);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', auth.inspector).expect(200); // now with the identity
    await request(t.url).patch('/api/v1/admin/categories/corruption').set('Authorization', auth.admin).send({ name_en: 'Corruption (all forms)' }).expect(200);
    await request(t.url).get('/api/v1/audit/export.csv').set('Authorization', auth.auditor).expect(200);
    // Entries written by subscribers of these events, all chained.
    await untilIdle(t);

    const log = await entries();
    const has = (action: string, actor: string | null, withCase = true) => expect(log).toContainEqual(expect.objectContaining({ action, actor_id: actor, ...(withCase ? { case_id: caseId } : {}) }));
    has('intake.report-submitted', null);
    has('reporter.signed-in', null);
    has('reporter.sign-in-failed', null, false);
    has('reporter.case-viewed', null);
    has('intake.reporter-message-added', null);
    has('reporter.attachment-downloaded', null);
    has('staff.sign-in-failed', who.supervisor.id, false);
    has('staff.sign-in-failed', null, false);
    has('staff.signed-in', who.supervisor.id, false);
    expect(log).toContainEqual(expect.objectContaining({ action: 'case.titles-decrypted', actor_id: who.supervisor.id, detail: JSON.stringify({ caseIds: [caseId] }) }));
    has('case.viewed', who.supervisor.id);
    has('attachment.downloaded', who.supervisor.id);
    has('cases.status-changed', who.supervisor.id);
    has('cases.case-assigned', who.supervisor.id);
    has('cases.reporter-message-sent', who.inspector.id);
    has('cases.note-added', who.inspector.id);
    has('cases.identity-requested', who.inspector.id);
    has('identity-request.justification-read', who.custodian.id);
    has('cases.identity-request-decided', who.custodian.id);
    has('identity.revealed', who.inspector.id);
    has('catalog.category-changed', who.admin.id, false);
    has('audit.exported', who.auditor.id, false);
    expect(log.filter((e) => e.action.startsWith('reporter.') || e.action.startsWith('intake.')).every((e) => e.actor_type === 'reporter' && e.actor_id === null)).toBe(true);

    const dump = JSON.stringify(await t.db.query(`SELECT * FROM audit_log`));
    for (const secret of [NAME, PHONE, receipt, '127.0.0.1', 'node-superagent', 'tidak.ada@', 'salah sekali', 'Mark-up', 'Tambahan keterangan', 'Perlu keterangan saksi']) {
      expect(dump).not.toContain(secret);
    }
  });

  it('chains every entry in order, and audit:verify says the chain holds', async () => {
    await t.app.get(AuditChainer).chainPending();
    const rows = await t.db.query<{ seq: string }>(`SELECT seq FROM audit_log ORDER BY seq`);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    const out = await cli('audit:verify');
    const checked = Number(/(\d+) entries checked/.exec(out.stdout)![1]);
    expect(checked).toBeGreaterThanOrEqual(rows.length); // and whatever was written since
    expect(out.stdout).toContain('The chain holds.');
  });

  it('finds an entry altered behind the trigger at exactly that entry, and a deleted one at the next', async () => {
    const [victim] = await t.db.query<{ id: string; detail: string }>(`SELECT id, detail FROM audit_log WHERE seq = 5`);
    await t.db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await t.db.query(`UPDATE audit_log SET detail = '{"innocent":true}' WHERE seq = 5`);
    await t.db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const altered = await cli('audit:verify').then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(altered).toMatchObject({ code: 1 });
    expect(altered!.stdout).toContain('BROKEN at entry 5: its content does not match its hash');

    await t.db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await t.db.query(`UPDATE audit_log SET detail = $2 WHERE id = $1`, [victim.id, victim.detail]);
    await t.db.query(`DELETE FROM audit_log WHERE seq = 7`);
    await t.db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const deleted = await cli('audit:verify').then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(deleted).toMatchObject({ code: 1 });
    expect(deleted!.stdout).toContain('BROKEN at entry 8: entry 7 is missing');
  });

  it('refuses UPDATE, DELETE and TRUNCATE, and any change to a chained entry', async () => {
    await expect(t.db.query(`UPDATE audit_log SET action = 'case.viewed' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    // Chaining an entry may not change what it records either.
    await t.db.query(`INSERT INTO audit_log (at, actor_type, action, detail) VALUES (now(), 'system', 'test.written', '{}')`);
    await expect(t.db.query(`UPDATE audit_log SET seq = 100000, prev_hash = $1, hash = $1, detail = '{"x":1}' WHERE seq IS NULL`, [Buffer.alloc(32)])).rejects.toThrow(/append-only/);
  });

  it('shows auditors and supervisors the log with filters, the chain heads and a CSV export; others get 403', async () => {
    const { agent } = await pageSession(t, who.auditor.email, who.auditor.password);
    const page = await agent.get(`/staff/audit?case=${caseNumber}`).expect(200);
    // Each entry in words: the staff name, a verb phrase, the case number (not its id).
    const [{ name: supervisorName }] = await t.db.query<{ name: string }>(`SELECT name FROM staff WHERE id = $1`, [who.supervisor.id]);
    expect(page.text).toContain(`<td class="audit-entry">${supervisorName} membuka kasus ${caseNumber}</td>`);
    expect(page.text).toContain(`<td class="audit-entry">Pelapor mengirim pesan pada kasus ${caseNumber}</td>`);
    expect(page.text).not.toContain(`<td class="audit-entry">${supervisorName} masuk</td>`); // not about this case
    expect(page.text).not.toContain(caseId); // the case number stands for it
    expect(page.text).toMatch(/<dt>Pemeriksa<\/dt> <dd>Staff inspector \d+<\/dd>/); // detail labelled, the inspector by name
    const en = await agent.get(`/staff/audit?case=${caseId}&action=case.viewed&lang=en`).expect(200);
    expect(en.text).toContain(`<td class="audit-entry">${supervisorName} opened case ${caseNumber}</td>`);
    expect(en.text).not.toContain(' assigned case ');
    expect(en.text).toContain('<option value="case.viewed" selected>Opened case …</option>');
    const area = await agent.get(`/staff/audit?action=case&lang=id`).expect(200); // an area still finds every case.* action
    expect(area.text).toContain('<option value="case" selected>case</option>');
    expect(area.text).toContain(`membuka kasus ${caseNumber}`);
    expect(area.text).not.toContain(`mengubah status kasus`);
    expect(page.text).toMatch(/<code class="detail">[0-9a-f]{64}<\/code>/); // a chain head
    csrfOf(page.text);
    const bad = await agent.get('/staff/audit?from=kemarin&actor=siapa%20saja').expect(400);
    expect(bad.text).toContain('id="from-error"');
    expect(bad.text).toContain('id="actor-error"');
    const csv = await agent.get(`/staff/audit/export.csv?action=case`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('seq,at,actor_type,actor_id,actor_email,action,case_id,case_number,detail,hash');
    expect(csv.text).toContain(',case.viewed,');

    const api = await request(t.url).get('/api/v1/audit?limit=3').set('Authorization', auth.supervisor).expect(200);
    expect(api.body.items).toHaveLength(3);
    const next = await request(t.url).get(`/api/v1/audit?limit=3&cursor=${api.body.nextCursor}`).set('Authorization', auth.supervisor).expect(200);
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(api.body.items[2].id));
    await request(t.url).get('/api/v1/audit?cursor=abc').set('Authorization', auth.supervisor).expect(400);

    for (const role of [Role.Inspector, Role.Custodian, Role.Admin]) {
      await request(t.url).get('/api/v1/audit').set('Authorization', auth[role]).expect(403);
      await request(t.url).get('/staff/audit').set('Authorization', auth[role]).expect(403);
      await request(t.url).get('/api/v1/audit/export.csv').set('Authorization', auth[role]).expect(403);
    }
    await request(t.url).get('/api/v1/audit').expect(401);
  });
});
