import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { untilIdle } from './support/idle';
import { csrfOf, pageSession } from './support/pages';
import { SmtpSink } from './support/smtp-sink';

/**
 * Issue 15, assignment that cannot pick the wrong person: the suggestion skips conflicted
 * inspectors and says why; conflicts are found through titles and initials and spoken in words;
 * the override reason belongs to the inspector it was written for; unassigning needs a reason;
 * a recusal mails the supervisors (no content) and marks the inspector as conflicted; a closed
 * case shows no empty box; and case numbers name cases wherever a person names one.
 */
describe('Assignment', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  const ids: Record<string, string> = {};
  const auth: Record<string, string> = {};
  const logins: Record<string, { email: string; password: string }> = {};
  const as = (who: string) => ({ Authorization: auth[who] });

  async function member(key: string, roles: Role[], name: string, opd: string | null = null, language = 'id') {
    const m = await t.createStaff(roles);
    await t.db.query(`UPDATE staff SET name = $2, opd_code = $3, language = $4 WHERE id = $1`, [m.id, name, opd, language]);
    ids[key] = m.id;
    logins[key] = m;
    const res = await request(t.url).post('/api/v1/auth/login').send({ email: m.email, password: m.password }).expect(200);
    auth[key] = `Bearer ${res.body.accessToken}`;
  }

  async function report(reportedPersons: string, opd = 'DUKCAPIL'): Promise<{ id: string; number: string }> {
    await request(t.url)
      .post('/api/v1/reports')
      .send({
        category: 'illegal_levy',
        opd,
        title: 'Pungutan di loket',
        description: 'Petugas loket meminta uang tambahan untuk setiap berkas.',
        reported_persons: reportedPersons,
        anonymous: true,
        consent: 'yes',
      })
      .expect(201);
    const [row] = await t.db.query<{ id: string; number: string }>(`SELECT id, number FROM cases ORDER BY submitted_at DESC, number DESC LIMIT 1`);
    return row;
  }

  /** Rows that a refused request must leave untouched. */
  const stored = async () => ({
    assignments: await t.db.query(`SELECT case_id, staff_id FROM case_assignments ORDER BY case_id, staff_id`),
    history: await t.db.query(`SELECT id FROM case_assignment_history ORDER BY id`),
    keys: await t.db.query(`SELECT case_id, staff_id FROM case_keys ORDER BY case_id, staff_id`),
    events: await t.db.query(`SELECT id FROM outbox ORDER BY id`),
    links: await t.db.query(`SELECT case_a, case_b FROM case_links`),
    cases: await t.db.query(`SELECT id, status, duplicate_of FROM cases ORDER BY id`),
  });

  const assignable = async (caseId: string) =>
    (await request(t.url).get(`/api/v1/cases/${caseId}/assignable`).set(as('supervisor')).expect(200)).body as { id: string; conflicts: string[]; suggested: boolean; openCases: number }[];

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_REPORT: '1000', STAFF_2FA: 'optional', SMTP_URL: sink.url, MAIL_POLL_MS: '100' } });
    await member('supervisor', [Role.Supervisor], 'Sri Wahyuni');
    await member('supervisorEn', [Role.Supervisor], 'Made Surya', null, 'en');
    await t.createStaff([Role.Custodian]); // intake opens once someone can hold reporters' identities
    await member('andi', [Role.Inspector], 'Andi Pratama, S.E.', 'BPKAD');
    await member('budi', [Role.Inspector], 'Budi Santoso', 'BPKAD');
    await member('citra', [Role.Inspector], 'Citra Dewi', 'DUKCAPIL');
    await member('dewi', [Role.Inspector], 'Dewi Lestari', 'INSP');
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  it('suggests the fewest open cases among inspectors without a conflict, never a conflicted one', async () => {
    // Budi carries one open case; Andi none, but the new report names him.
    const busy = await report('Pihak lain');
    await request(t.url).post(`/api/v1/cases/${busy.id}/assign`).set(as('supervisor')).send({ inspectorId: ids.budi }).expect(201);
    const c = await report('Drs. H. A.  Pratama; kepala seksi');
    const list = await assignable(c.id);
    const byId = Object.fromEntries(list.map((i) => [i.id, i]));
    expect(byId[ids.andi]).toMatchObject({ conflicts: ['named_in_report'], suggested: false, openCases: 0 });
    expect(byId[ids.citra]).toMatchObject({ conflicts: ['same_opd'], suggested: false });
    expect(byId[ids.budi]).toMatchObject({ conflicts: [], suggested: false, openCases: 1 });
    expect(byId[ids.dewi]).toMatchObject({ conflicts: [], suggested: true, openCases: 0 });

    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    const page = await agent.get(`/staff/cases/${c.id}`).expect(200);
    expect(page.text).toContain('Disarankan: beban kasus terbuka paling sedikit (0), tanpa konflik');
    expect(checkedRadios(page.text)).toEqual([ids.dewi]);
    expect(page.text).not.toContain('same_opd');
    expect(page.text).toContain('bekerja di OPD terlapor');
    const en = await agent.get(`/staff/cases/${c.id}?lang=en`).expect(200);
    expect(en.text).toContain('Suggested: fewest open cases (0), no conflict');
    await agent.get(`/staff/cases/${c.id}?lang=id`).expect(200); // the member's language is remembered: back to Indonesian
  });

  it('preselects nobody when every inspector has a conflict, and says so', async () => {
    const c = await report('Andi Pratama, Budi Santoso, Dewi Lestari');
    expect((await assignable(c.id)).filter((i) => i.suggested)).toEqual([]);
    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    const page = await agent.get(`/staff/cases/${c.id}`).expect(200);
    expect(checkedRadios(page.text)).toEqual([]);
    expect(page.text).toContain('Semua pemeriksa memiliki benturan kepentingan, jadi tidak ada yang dipilihkan.');
    // Submitting without a choice: the error beside the field, nothing stored.
    const before = await stored();
    const res = await agent
      .post(`/staff/cases/${c.id}/assign`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(400);
    expect(res.text).toContain('id="inspectorId-error"');
    expect(await stored()).toEqual(before);
  });

  it('refuses a conflict without a reason in words, in both languages, storing nothing', async () => {
    const c = await report('A. Pratama');
    const before = await stored();
    const id = await request(t.url).post(`/api/v1/cases/${c.id}/assign`).set(as('supervisor')).send({ inspectorId: ids.andi }).expect(409);
    expect(id.body.message).toBe(
      'Andi Pratama, S.E. mungkin memiliki benturan kepentingan: disebut sebagai terlapor. Tuliskan alasan untuk tetap menugaskan Andi Pratama, S.E., atau pilih pemeriksa lain.',
    );
    const en = await request(t.url).post(`/api/v1/cases/${c.id}/assign?lang=en`).set(as('supervisor')).send({ inspectorId: ids.citra }).expect(409);
    expect(en.body.message).toBe('Citra Dewi may have a conflict of interest: works in the reported OPD. Write the reason to assign Citra Dewi anyway, or choose another inspector.');
    expect(JSON.stringify([id.body, en.body])).not.toMatch(/same_opd|named_in_report/);
    expect(await stored()).toEqual(before);
  });

  it('refuses a reason written for another inspector, and assigns exactly the chosen one with its own reason', async () => {
    const c = await report('Andi Pratama');
    const before = await stored();
    const other = await request(t.url)
      .post(`/api/v1/cases/${c.id}/assign`)
      .set(as('supervisor'))
      .send({ inspectorId: ids.citra, overrideFor: ids.andi, overrideReason: 'ALASAN-UNTUK-ANDI' })
      .expect(400);
    expect(other.body.errors).toEqual([{ field: 'overrideReason', message: expect.stringContaining('Alasan ini ditulis untuk Andi Pratama, S.E., sedangkan yang dipilih Citra Dewi.') }]);
    await request(t.url).post(`/api/v1/cases/${c.id}/assign`).set(as('supervisor')).send({ inspectorId: ids.citra, overrideFor: 'bukan-id', overrideReason: 'x' }).expect(400);
    await request(t.url)
      .post(`/api/v1/cases/${c.id}/assign`)
      .set(as('supervisor'))
      .send({ inspectorId: ids.andi, overrideFor: ids.andi, overrideReason: 'x'.repeat(4001) })
      .expect(400);
    expect(await stored()).toEqual(before);

    await request(t.url).post(`/api/v1/cases/${c.id}/assign`).set(as('supervisor')).send({ inspectorId: ids.andi, overrideFor: ids.andi, overrideReason: 'ALASAN-UNTUK-ANDI' }).expect(201);
    expect(await t.db.query(`SELECT staff_id FROM case_assignments WHERE case_id = $1`, [c.id])).toEqual([{ staff_id: ids.andi }]);
    const [h] = await t.db.query<{ inspector_id: string; action: string; conflicts: string[]; reason: Buffer }>(
      `SELECT inspector_id, action, conflicts, reason FROM case_assignment_history WHERE case_id = $1`,
      [c.id],
    );
    expect(h).toMatchObject({ inspector_id: ids.andi, action: 'assigned', conflicts: ['named_in_report'] });
    expect(h.reason.toString('latin1')).not.toContain('ALASAN-UNTUK-ANDI'); // encrypted
    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    const page = await agent.get(`/staff/cases/${c.id}`).expect(200);
    expect(page.text).toContain('Andi Pratama, S.E. ditugaskan oleh Sri Wahyuni');
    expect(page.text).toContain('Alasan: ALASAN-UNTUK-ANDI');
    await untilIdle(t);
    const [audit] = await t.db.query<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'cases.case-assigned' AND case_id = $1`, [c.id]);
    expect(JSON.parse(audit.detail)).toMatchObject({ inspectorId: ids.andi, conflictOverridden: true });
    expect(audit.detail).not.toContain('ALASAN');
  });

  it('keeps the choice and the reason on the page through every error, and ties the reason to its inspector', async () => {
    const c = await report('Andi Pratama');
    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    const token = csrfOf((await agent.get(`/staff/cases/${c.id}`).expect(200)).text);
    const conflict = await agent.post(`/staff/cases/${c.id}/assign`).type('form').send({ _csrf: token, inspectorId: ids.andi }).expect(409);
    expect(checkedRadios(conflict.text)).toEqual([ids.andi]);
    expect(conflict.text).toContain(`name="overrideFor" value="${ids.andi}"`);
    expect(conflict.text).toContain('Alasan tetap menugaskan Andi Pratama, S.E. walaupun ada benturan kepentingan');

    // Another inspector chosen with Andi's reason: refused, both kept as they were.
    const before = await stored();
    const mixed = await agent
      .post(`/staff/cases/${c.id}/assign`)
      .type('form')
      .send({ _csrf: token, inspectorId: ids.budi, overrideFor: ids.andi, overrideReason: 'Hanya dia yang bersertifikat' })
      .expect(400);
    expect(checkedRadios(mixed.text)).toEqual([ids.budi]);
    expect(mixed.text).toContain(`name="overrideFor" value="${ids.andi}"`);
    expect(mixed.text).toContain('>Hanya dia yang bersertifikat</textarea>');
    expect(mixed.text).toContain('Alasan ini ditulis untuk Andi Pratama, S.E., sedangkan yang dipilih Budi Santoso.');
    // A reason sent without saying whom it is for is not taken for the chosen inspector.
    await agent.post(`/staff/cases/${c.id}/assign`).type('form').send({ _csrf: token, inspectorId: ids.andi, overrideReason: 'tanpa tujuan' }).expect(400);
    expect(await stored()).toEqual(before);

    await agent.post(`/staff/cases/${c.id}/assign`).type('form').send({ _csrf: token, inspectorId: ids.andi, overrideFor: ids.andi, overrideReason: 'Hanya dia yang bersertifikat' }).expect(303);
    expect(await t.db.query(`SELECT staff_id FROM case_assignments WHERE case_id = $1`, [c.id])).toEqual([{ staff_id: ids.andi }]);
  });

  it('needs a reason to unassign, keeps it encrypted, and audits the step without it', async () => {
    const c = await report('Pihak lain');
    await request(t.url).post(`/api/v1/cases/${c.id}/assign`).set(as('supervisor')).send({ inspectorId: ids.dewi }).expect(201);
    const before = await stored();
    const api = await request(t.url).delete(`/api/v1/cases/${c.id}/assignees/${ids.dewi}`).set(as('supervisor')).send({}).expect(400);
    expect(api.body.errors).toEqual([{ field: 'reason', message: 'Tuliskan alasan melepas pemeriksa ini.' }]);
    await request(t.url).delete(`/api/v1/cases/${c.id}/assignees/${ids.dewi}`).set(as('dewi')).send({ reason: 'mundur sendiri' }).expect(403);
    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    const token = csrfOf((await agent.get(`/staff/cases/${c.id}`).expect(200)).text);
    const page = await agent.post(`/staff/cases/${c.id}/unassign`).type('form').send({ _csrf: token, inspectorId: ids.dewi, unassignReason: '  ' }).expect(400);
    expect(page.text).toContain('id="unassignReason-error"');
    expect(await stored()).toEqual(before);

    await agent.post(`/staff/cases/${c.id}/unassign`).type('form').send({ _csrf: token, inspectorId: ids.dewi, unassignReason: 'ALASAN-LEPAS-731' }).expect(303);
    expect(await t.db.query(`SELECT 1 FROM case_assignments WHERE case_id = $1`, [c.id])).toEqual([]);
    const [h] = await t.db.query<{ action: string; reason: Buffer }>(`SELECT action, reason FROM case_assignment_history WHERE case_id = $1 AND action = 'unassigned'`, [c.id]);
    expect(h.action).toBe('unassigned');
    expect(h.reason.toString('latin1')).not.toContain('ALASAN-LEPAS-731');
    expect((await agent.get(`/staff/cases/${c.id}`).expect(200)).text).toContain('Alasan: ALASAN-LEPAS-731');
    await untilIdle(t);
    const audit = await t.db.query<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'cases.case-unassigned' AND case_id = $1`, [c.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).not.toContain('ALASAN-LEPAS-731');
    expect(t.logs()).not.toContain('ALASAN-LEPAS-731');
  });

  it('mails every supervisor on a recusal in their language, without content, and flags the inspector as conflicted after', async () => {
    const c = await report('Pihak lain');
    await request(t.url).post(`/api/v1/cases/${c.id}/assign`).set(as('supervisor')).send({ inspectorId: ids.budi }).expect(201);
    await request(t.url).post(`/api/v1/cases/${c.id}/recuse`).set(as('budi')).send({ reason: 'ALASAN-MUNDUR-404: kerabat terlapor' }).expect(204);
    await untilIdle(t);
    const mails = sink.matching(new RegExp(c.number)).filter((m) => /mengundurkan diri|stepped back/.test(m.subject));
    const byAddress = Object.fromEntries(mails.map((m) => [m.to[0], m]));
    expect(Object.keys(byAddress).sort()).toEqual([logins.supervisor.email, logins.supervisorEn.email].sort());
    expect(byAddress[logins.supervisor.email].subject).toBe(`Pemeriksa mengundurkan diri dari kasus ${c.number}`);
    expect(byAddress[logins.supervisorEn.email].subject).toBe(`An inspector stepped back from case ${c.number}`);
    for (const m of mails) {
      expect(m.raw).toContain(`/staff/cases/${c.id}`);
      expect(m.raw).not.toMatch(/ALASAN-MUNDUR|kerabat|Budi|Pungutan/);
    }
    const list = await assignable(c.id);
    expect(list.find((i) => i.id === ids.budi)).toMatchObject({ conflicts: ['recused'], suggested: false });
    const refused = await request(t.url).post(`/api/v1/cases/${c.id}/assign`).set(as('supervisor')).send({ inspectorId: ids.budi }).expect(409);
    expect(refused.body.message).toContain('pernah mengundurkan diri dari kasus ini');
  });

  it('shows no assignment box on a closed case that never had one, and no forms on a closed case at all', async () => {
    const c = await report('Pihak lain');
    await request(t.url)
      .post(`/api/v1/cases/${c.id}/transition`)
      .set(as('supervisor'))
      .send({ to: 'closed', reason: 'Di luar kewenangan', outcome: 'rejected', summary: 'Laporan ini di luar kewenangan Inspektorat.' })
      .expect(200);
    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    const page = await agent.get(`/staff/cases/${c.id}`).expect(200);
    expect(page.text).not.toContain('id="assignment"');

    const worked = await report('Pihak lain');
    await request(t.url).post(`/api/v1/cases/${worked.id}/assign`).set(as('supervisor')).send({ inspectorId: ids.dewi }).expect(201);
    await request(t.url)
      .post(`/api/v1/cases/${worked.id}/transition`)
      .set(as('supervisor'))
      .send({ to: 'closed', reason: 'Di luar kewenangan', outcome: 'rejected', summary: 'Laporan ini di luar kewenangan Inspektorat.' })
      .expect(200);
    const closed = await agent.get(`/staff/cases/${worked.id}`).expect(200);
    expect(closed.text).toContain('id="assignment"');
    expect(closed.text).toContain('Dewi Lestari ditugaskan oleh Sri Wahyuni');
    expect(closed.text).not.toContain(`/staff/cases/${worked.id}/assign"`);
    expect(closed.text).not.toContain(`/staff/cases/${worked.id}/unassign"`);
  });

  it('takes case numbers for related cases and duplicates (ids still work), and refuses unknown ones storing nothing', async () => {
    const a = await report('Pihak lain');
    const b = await report('Pihak lain');
    const d = await report('Pihak lain');
    const before = await stored();
    const unknown = await request(t.url).post(`/api/v1/cases/${a.id}/links`).set(as('supervisor')).send({ caseId: 'WBS-1999-99999' }).expect(400);
    expect(unknown.body.errors[0].field).toBe('caseId');
    await request(t.url).post(`/api/v1/cases/${a.id}/links`).set(as('supervisor')).send({ caseId: a.number }).expect(400); // itself
    await request(t.url).post(`/api/v1/cases/${a.id}/links`).set(as('supervisor')).send({ caseId: 'kasus kemarin' }).expect(400);
    expect(await stored()).toEqual(before);

    await request(t.url).post(`/api/v1/cases/${a.id}/links`).set(as('supervisor')).send({ caseId: b.number.toLowerCase() }).expect(204);
    await request(t.url).post(`/api/v1/cases/${a.id}/links`).set(as('supervisor')).send({ caseId: d.id }).expect(204); // the id, as before
    const detail = await request(t.url).get(`/api/v1/cases/${a.id}`).set(as('supervisor')).expect(200);
    expect(detail.body.links.map((l: { number: string }) => l.number).sort()).toEqual([b.number, d.number].sort());

    // Through the page: the number typed into the related-case box.
    const e = await report('Pihak lain');
    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    const page = await agent.get(`/staff/cases/${e.id}`).expect(200);
    expect(page.text).toContain('Nomor kasus terkait, misalnya WBS-2026-00001');
    await agent
      .post(`/staff/cases/${e.id}/links`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), caseId: a.number })
      .expect(303);
    expect((await agent.get(`/staff/cases/${e.id}`).expect(200)).text).toContain(`>${a.number}</a>`);
    const bad = await agent
      .post(`/staff/cases/${e.id}/links`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), caseId: 'WBS-2026-xx' })
      .expect(400);
    expect(bad.text).toContain('id="caseId-error"');

    const close = (caseId: string, duplicateOf: string) =>
      request(t.url)
        .post(`/api/v1/cases/${caseId}/transition`)
        .set(as('supervisor'))
        .send({ to: 'closed', reason: 'Sama', outcome: 'duplicate', summary: 'Laporan yang sama sudah ditangani.', duplicateOf });
    const beforeClose = await stored();
    expect((await close(b.id, 'WBS-1999-99999').expect(400)).body.errors[0].field).toBe('duplicateOf');
    expect((await close(b.id, b.number).expect(400)).body.errors[0].field).toBe('duplicateOf');
    expect((await close(b.id, 'duplikat').expect(400)).body.errors[0].field).toBe('duplicateOf');
    expect(await stored()).toEqual(beforeClose);
    await close(b.id, a.number).expect(200);
    await close(d.id, a.id).expect(200);
    expect(await t.db.query(`SELECT duplicate_of FROM cases WHERE id = ANY($1::uuid[])`, [[b.id, d.id]])).toEqual([{ duplicate_of: a.id }, { duplicate_of: a.id }]);
    // People see the number, in the API detail and on the page.
    expect((await request(t.url).get(`/api/v1/cases/${b.id}`).set(as('supervisor')).expect(200)).body).toMatchObject({ duplicateOf: a.id, duplicateOfNumber: a.number });
    expect((await agent.get(`/staff/cases/${b.id}`).expect(200)).text).toContain(`<dt>Sama dengan kasus</dt><dd><a href="/staff/cases/${a.id}">${a.number}</a></dd>`);
  });

  it('filters the audit log by case number in the API as on the page', async () => {
    const c = await report('Pihak lain');
    await request(t.url).get(`/api/v1/cases/${c.id}`).set(as('supervisor')).expect(200);
    await untilIdle(t);
    const byNumber = await request(t.url).get(`/api/v1/audit?case=${c.number}`).set(as('supervisor')).expect(200);
    const byId = await request(t.url).get(`/api/v1/audit?case=${c.id}`).set(as('supervisor')).expect(200);
    expect(byNumber.body.items.length).toBeGreaterThan(0);
    expect(byNumber.body.items.map((i: { id: string }) => i.id)).toEqual(byId.body.items.map((i: { id: string }) => i.id));
    expect(byNumber.body.items.every((i: { caseNumber: string | null }) => i.caseNumber === c.number || i.caseNumber === null)).toBe(true);
    const typed = c.number.toLowerCase().replace(/-0+(\d)/, '-$1'); // "wbs-2026-34", as people type it
    const byTyped = await request(t.url).get(`/api/v1/audit?case=${typed}`).set(as('supervisor')).expect(200);
    expect(byTyped.body.items.map((i: { id: string }) => i.id)).toEqual(byId.body.items.map((i: { id: string }) => i.id));
    expect((await request(t.url).get('/api/v1/audit?case=kasus-kemarin').set(as('supervisor')).expect(400)).body.errors[0].field).toBe('case');
    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    expect((await agent.get(`/staff/audit?case=${c.number}`).expect(200)).text).toContain(c.number);
  });
});

/** The inspector ids of the radio buttons a page has checked. */
function checkedRadios(html: string): string[] {
  return [...html.matchAll(/<input type="radio" name="inspectorId" value="([^"]+)" checked>/g)].map((m) => m[1]);
}
