import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { bearer, csrfOf, pageSession } from './support/pages';

/**
 * Issue 15, a case page for the day's work: sections to jump to, only the actions possible now,
 * a page per status move asking only what that move needs, and replies to the reporter that go
 * out only after a preview, exactly as previewed, once.
 */
describe('case page', () => {
  let t: TestApp;
  let supervisor: { agent: request.Agent; api: string };
  let inspector: { agent: request.Agent; api: string };
  let inspectorId = '';
  let caseId = '';
  let receipt = '';

  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  const status = async (id: string) => (await t.db.query<{ status: string }>(`SELECT status FROM cases WHERE id = $1`, [id]))[0].status;
  const counts = async (id: string) =>
    (
      await t.db.query<{ messages: number; history: number; notes: number }>(
        `SELECT (SELECT count(*)::int FROM case_messages WHERE case_id = $1) AS messages,
                (SELECT count(*)::int FROM case_status_history WHERE case_id = $1) AS history,
                (SELECT count(*)::int FROM case_notes WHERE case_id = $1) AS notes`,
        [id],
      )
    )[0];

  async function signIn(roles: Role[]) {
    const m = await t.createStaff(roles);
    return { id: m.id, agent: (await pageSession(t, m.email, m.password)).agent, api: await bearer(t, m) };
  }

  async function report(title: string) {
    const res = await request(t.url)
      .post('/api/v1/reports')
      .send({ category: 'illegal_levy', opd: 'DUKCAPIL', title, description: 'Petugas loket meminta uang tanpa kuitansi.', anonymous: true, consent: 'yes' })
      .expect(201);
    const list = await request(t.url).get('/api/v1/cases').set('Authorization', supervisor.api).expect(200);
    return { id: list.body.items.find((i: { title: string }) => i.title === title).id as string, receipt: res.body.receipt as string };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000', STAFF_2FA: 'optional' } });
    const s = await signIn([Role.Supervisor]);
    supervisor = s;
    await t.createStaff([Role.Custodian]);
    const i = await signIn([Role.Inspector]);
    inspector = i;
    inspectorId = i.id;
    ({ id: caseId, receipt } = await report('Pungutan di loket KTP'));
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set('Authorization', supervisor.api).send({ inspectorId }).expect(201);
  });
  afterAll(() => t.close());

  it('shows sections to jump to, deadlines with WITA, and only the moves of the workflow', async () => {
    const page = await supervisor.agent.get(`/staff/cases/${caseId}`).expect(200);
    for (const section of ['summary', 'report', 'messages', 'notes', 'evidence', 'history', 'identity', 'actions']) {
      expect(page.text).toContain(`<a href="#${section}">`);
      expect(page.text).toContain(`id="${section}"`);
    }
    const summary = page.text.slice(page.text.indexOf('id="summary"'), page.text.indexOf('id="report"'));
    expect(summary).toMatch(/WITA · sisa \d+ hari kerja/);
    const moves = [...page.text.matchAll(/href="\/staff\/cases\/[0-9a-f-]+\/move\/([a-z]+)"/g)].map((m) => m[1]);
    expect(moves).toEqual(['verifying', 'closed']); // received → verifying | closed, nothing else
    expect(page.text).not.toContain('name="to"'); // the old all-fields form is gone
    expect(page.text).toContain('id="assignment"');

    // An overdue deadline stands out in red, in working days.
    const { id: late } = await report('Laporan yang terlambat');
    await t.db.query(
      `UPDATE case_deadlines SET started_at = now() - interval '30 days', remind_at = now() - interval '21 days', due_at = now() - interval '20 days' WHERE case_id = $1 AND kind = 'verification'`,
      [late],
    );
    const latePage = await supervisor.agent.get(`/staff/cases/${late}`).expect(200);
    expect(latePage.text).toMatch(/WITA · <strong class="overdue">lewat \d+ hari kerja<\/strong>/);
  });

  it('asks each move only for what it needs', async () => {
    const verify = await supervisor.agent.get(`/staff/cases/${caseId}/move/verifying`).expect(200);
    expect(verify.text).toContain('id="reason"');
    for (const field of ['outcome', 'summary', 'track', 'duplicateOf']) expect(verify.text).not.toContain(`name="${field}"`);

    const close = await supervisor.agent.get(`/staff/cases/${caseId}/move/closed`).expect(200);
    const outcomes = [...close.text.matchAll(/name="outcome" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(outcomes).toEqual(['rejected', 'duplicate']); // what closing from "received" allows
    expect(close.text).toContain('name="summary"');
    expect(close.text).toContain('name="duplicateOf"');
    expect(close.text).not.toContain('name="track"');
  });

  it('refuses a move the workflow table does not have, and members who may not move cases', async () => {
    const before = await counts(caseId);
    await supervisor.agent.get(`/staff/cases/${caseId}/move/investigating`).expect(409);
    await supervisor.agent.get(`/staff/cases/${caseId}/move/archived`).expect(409);
    await supervisor.agent.get(`/staff/cases/${caseId}/move/constructor`).expect(409);
    const csrf = csrfOf((await supervisor.agent.get(`/staff/cases/${caseId}`)).text);
    await supervisor.agent.post(`/staff/cases/${caseId}/move/investigating`).type('form').send({ _csrf: csrf, reason: 'lompat', track: 'complaint' }).expect(409);
    await inspector.agent.get(`/staff/cases/${caseId}/move/verifying`).expect(403);
    const inspectorCsrf = csrfOf((await inspector.agent.get(`/staff/cases/${caseId}`)).text);
    await inspector.agent.post(`/staff/cases/${caseId}/move/verifying`).type('form').send({ _csrf: inspectorCsrf, reason: 'saya sendiri' }).expect(403);
    expect(await status(caseId)).toBe('received');
    expect(await counts(caseId)).toEqual(before);
  });

  it('keeps the input beside each error and stores nothing, then makes the move', async () => {
    const before = await counts(caseId);
    const csrf = csrfOf((await supervisor.agent.get(`/staff/cases/${caseId}/move/closed`)).text);
    const bad = await supervisor.agent
      .post(`/staff/cases/${caseId}/move/closed`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Alasan internal ABC', summary: 'Ringkasan untuk pelapor XYZ', outcome: 'substantiated' })
      .expect(400);
    expect(bad.text).toContain('id="outcome-error"'); // substantiated is not an outcome from "received"
    expect(bad.text).toMatch(/<textarea id="reason"[^>]*>Alasan internal ABC<\/textarea>/);
    expect(bad.text).toMatch(/<textarea id="summary"[^>]*>Ringkasan untuk pelapor XYZ<\/textarea>/);
    const missing = await supervisor.agent.post(`/staff/cases/${caseId}/move/closed`).type('form').send({ _csrf: csrf, outcome: 'duplicate' }).expect(400);
    for (const field of ['reason', 'summary', 'duplicateOf']) expect(missing.text).toContain(`id="${field}-error"`);
    expect(missing.text).toMatch(/name="outcome" value="duplicate" checked/);
    expect(await status(caseId)).toBe('received');
    expect(await counts(caseId)).toEqual(before);

    const moved = await supervisor.agent.post(`/staff/cases/${caseId}/move/verifying`).type('form').send({ _csrf: csrf, reason: 'Laporan lengkap' }).expect(303);
    expect(moved.headers.location).toBe(`/staff/cases/${caseId}#history`);
    expect(await status(caseId)).toBe('verifying');
    const page = await supervisor.agent.get(`/staff/cases/${caseId}`).expect(200);
    expect([...page.text.matchAll(/\/move\/([a-z]+)"/g)].map((m) => m[1])).toEqual(['investigating', 'closed']);
    const investigate = await supervisor.agent.get(`/staff/cases/${caseId}/move/investigating`).expect(200);
    expect(investigate.text).toContain('name="track"');
    expect(investigate.text).not.toContain('name="outcome"');
  });

  it('previews a reply without sending it, then sends exactly the previewed text once', async () => {
    const text = 'Mohon kirim foto kuitansi <b>asli</b>.\r\nTerima kasih & salam.';
    const sent = 'Mohon kirim foto kuitansi <b>asli</b>.\nTerima kasih & salam.';
    const before = await counts(caseId);
    const csrf = csrfOf((await inspector.agent.get(`/staff/cases/${caseId}`)).text);
    const preview = await inspector.agent.post(`/staff/cases/${caseId}/messages/preview`).type('form').send({ _csrf: csrf, body: text }).expect(200);
    expect(preview.text).toContain('id="reporter-view"');
    expect(preview.text).toContain('&lt;b&gt;asli&lt;/b&gt;'); // escaped, as on the reporter's page
    expect(preview.text).toMatch(/<div class="meta">Inspektorat · [^<]+ WITA<\/div>/);
    expect(await counts(caseId)).toEqual(before); // a preview sends nothing

    const confirm = (body: string, step = 'send') =>
      inspector.agent
        .post(`/staff/cases/${caseId}/messages`)
        .field('_csrf', hidden(preview.text, '_csrf')!)
        .field('body', body)
        .field('sendToken', hidden(preview.text, 'sendToken')!)
        .field('seal', hidden(preview.text, 'seal')!)
        .field('step', step);

    const edit = await confirm(text, 'edit').expect(200);
    expect(edit.text).toContain('Mohon kirim foto kuitansi &lt;b&gt;asli&lt;/b&gt;.'); // back in the reply box
    expect(edit.text).toMatch(/<textarea id="body"[^>]*>Mohon kirim/);
    expect(await counts(caseId)).toEqual(before);

    const changed = await confirm(`${text} Tambahan.`).expect(409);
    expect(changed.text).toContain('Teks pesan berubah setelah pratinjau');
    expect(changed.text).toContain('salam. Tambahan.'); // the new text, to check again
    expect(hidden(changed.text, 'seal')).not.toBe(hidden(preview.text, 'seal'));
    expect(await counts(caseId)).toEqual(before);

    const refusedFile = await confirm(text).attach('attachments', Buffer.from('MZ\x90binary'), 'alat.exe').expect(415);
    expect(refusedFile.text).toContain('id="attachments-error"'); // beside the file box of the same preview
    expect(refusedFile.text).toContain('id="reporter-view"');
    expect(await counts(caseId)).toEqual(before);

    const first = await confirm(text).expect(303);
    expect(first.headers.location).toBe(`/staff/cases/${caseId}#messages`);
    await confirm(text).expect(303); // the second click of a double submit
    expect((await counts(caseId)).messages).toBe(before.messages + 1);

    const track = await request(t.url).post('/api/v1/track').send({ receipt }).expect(200);
    const seen = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${track.body.token}`).expect(200);
    expect(seen.body.messages.filter((m: { from: string }) => m.from === 'inspectorate').map((m: { body: string }) => m.body)).toEqual([sent]);
  });

  it('keeps reply and note errors beside their own boxes, with the text kept', async () => {
    const before = await counts(caseId);
    const csrf = csrfOf((await inspector.agent.get(`/staff/cases/${caseId}`)).text);
    const empty = await inspector.agent.post(`/staff/cases/${caseId}/messages/preview`).type('form').send({ _csrf: csrf, body: '   ' }).expect(400);
    expect(empty.text).toContain('id="body-error"');
    const long = 'x'.repeat(10_001);
    const tooLong = await inspector.agent.post(`/staff/cases/${caseId}/notes`).type('form').send({ _csrf: csrf, body: long }).expect(400);
    expect(tooLong.text).toContain('id="noteBody-error"');
    expect(tooLong.text).not.toContain('id="body-error"');
    expect(tooLong.text).toContain(`>${long}</textarea>`);
    expect(await counts(caseId)).toEqual(before);
  });

  it('shows a closed case without empty action boxes: only the reopening moves', async () => {
    const closed = await report('Laporan yang ditolak');
    await request(t.url)
      .post(`/api/v1/cases/${closed.id}/transition`)
      .set('Authorization', supervisor.api)
      .send({ to: 'closed', reason: 'Bukan ranah WBS', outcome: 'rejected', summary: 'Bukan kewenangan kami.' })
      .expect(200);
    const page = await supervisor.agent.get(`/staff/cases/${closed.id}`).expect(200);
    expect(page.text).not.toContain('id="assignment"');
    expect(page.text).not.toContain('/assign"');
    expect([...page.text.matchAll(/\/move\/([a-z]+)"/g)].map((m) => m[1])).toEqual(['verifying', 'investigating']);
    expect(page.text).toContain('Buka kembali sebagai');
    const reopen = await supervisor.agent.get(`/staff/cases/${closed.id}/move/investigating`).expect(200);
    expect(reopen.text).toContain('Alasan membuka kembali');
  });
});
