import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';

/**
 * Issue 3, case work: assignment with re-sealed keys and conflict-of-interest checks, the status
 * workflow with its rules, internal notes, recusal, and what the reporter sees at the end.
 */
describe('case work', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let caseId = '';
  let receipt = '';

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  async function member(key: string, roles: Role[], opd?: string, name?: string) {
    const m = await t.createStaff(roles);
    if (opd || name) await t.db.query(`UPDATE staff SET opd_code = coalesce($2, opd_code), name = coalesce($3, name) WHERE id = $1`, [m.id, opd ?? null, name ?? null]);
    ids[key] = m.id;
    const res = await request(t.url).post('/api/v1/auth/login').send({ email: m.email, password: m.password }).expect(200);
    tokens[key] = res.body.accessToken;
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000', STAFF_2FA: 'optional' } });
    await member('supervisor', [Role.Supervisor]);
    await member('custodian', [Role.Custodian]);
    await member('inspector', [Role.Inspector], 'BPKAD');
    await member('sameOpd', [Role.Inspector], 'DUKCAPIL');
    await member('named', [Role.Inspector], 'BPKAD', 'Andi Pratama');
    await member('auditor', [Role.Auditor]);
    const res = await request(t.url)
      .post('/api/v1/reports')
      .send({
        category: 'illegal_levy',
        opd: 'DUKCAPIL',
        title: 'Pungutan KTP di loket',
        description: 'Petugas loket meminta Rp 50.000 untuk setiap KTP sejak Januari, tanpa kuitansi.',
        reported_persons: 'Sdr. ANDI  PRATAMA, kepala seksi',
        anonymous: true,
        consent: 'yes',
      })
      .expect(201);
    receipt = res.body.receipt;
    const list = await request(t.url).get('/api/v1/cases').set(as('supervisor')).expect(200);
    caseId = list.body.items[0].id;
  });
  afterAll(() => t.close());

  it('suggests inspectors by open caseload and flags conflicts of interest', async () => {
    const res = await request(t.url).get(`/api/v1/cases/${caseId}/assignable`).set(as('supervisor')).expect(200);
    const byId = Object.fromEntries(res.body.map((i: { id: string; conflicts: string[] }) => [i.id, i.conflicts]));
    expect(byId[ids.inspector]).toEqual([]);
    expect(byId[ids.sameOpd]).toEqual(['same_opd']);
    expect(byId[ids.named]).toEqual(['named_in_report']);
  });

  it('refuses a conflicted assignment without an override reason, and records one with it', async () => {
    const refused = await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set(as('supervisor')).send({ inspectorId: ids.sameOpd }).expect(409);
    expect(refused.body.code).toBe('conflict');
    expect(await t.db.query(`SELECT 1 FROM case_assignments`)).toHaveLength(0);
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set(as('supervisor')).send({ inspectorId: ids.sameOpd, overrideReason: 'Satu-satunya pemeriksa bersertifikat' }).expect(201);
    const [row] = await t.db.query<{ conflict_override: Buffer }>(`SELECT conflict_override FROM case_assignments WHERE staff_id = $1`, [ids.sameOpd]);
    expect(row.conflict_override.toString('latin1')).not.toContain('bersertifikat'); // encrypted
  });

  it('re-seals the case key to an assigned inspector, who then reads the case', async () => {
    await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('inspector')).expect(404);
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set(as('supervisor')).send({ inspectorId: ids.inspector }).expect(201);
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('inspector')).expect(200);
    expect(detail.body.report.description).toContain('Rp 50.000');
    const list = await request(t.url).get('/api/v1/cases').set(as('inspector')).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([caseId]);
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set(as('supervisor')).send({ inspectorId: ids.inspector }).expect(409);
  });

  it('keeps assignment and transitions to supervisors', async () => {
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set(as('inspector')).send({ inspectorId: ids.inspector }).expect(403);
    await request(t.url).post(`/api/v1/cases/${caseId}/transition`).set(as('inspector')).send({ to: 'verifying', reason: 'x' }).expect(403);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('auditor')).expect(403);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('custodian')).expect(403);
  });

  it('keeps internal notes from the reporter', async () => {
    await request(t.url).post(`/api/v1/cases/${caseId}/notes`).set(as('inspector')).send({ body: 'CATATAN-INTERNAL-771' }).expect(201);
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('supervisor')).expect(200);
    expect(detail.body.notes.map((n: { body: string }) => n.body)).toEqual(['CATATAN-INTERNAL-771']);
    const session = await request(t.url).post('/api/v1/track').send({ receipt }).expect(200);
    const view = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session.body.token}`).expect(200);
    expect(JSON.stringify(view.body)).not.toContain('CATATAN-INTERNAL-771');
  });

  it('walks the case life, refusing moves that do not exist, and tells the reporter the outcome', async () => {
    const move = (body: Record<string, unknown>) => request(t.url).post(`/api/v1/cases/${caseId}/transition`).set(as('supervisor')).send(body);
    const invalid = await move({ to: 'investigating', reason: 'langsung', track: 'complaint' }).expect(409);
    expect(invalid.body.code).toBe('conflict');
    expect((await move({ to: 'verifying' }).expect(400)).body.errors[0].field).toBe('reason');
    await move({ to: 'verifying', reason: 'Laporan lengkap' }).expect(200);
    expect((await move({ to: 'investigating', reason: 'Cukup bukti awal' }).expect(400)).body.errors[0].field).toBe('track');
    await move({ to: 'investigating', reason: 'Cukup bukti awal', track: 'examination' }).expect(200);
    const closing = await move({ to: 'closed', reason: 'Selesai' }).expect(400);
    expect(closing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['outcome', 'summary']);
    await move({ to: 'closed', reason: 'ALASAN-INTERNAL-552', outcome: 'substantiated', summary: 'Petugas dijatuhi hukuman disiplin. Terima kasih atas laporan Anda.' }).expect(200);

    const session = await request(t.url).post('/api/v1/track').send({ receipt }).expect(200);
    const view = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session.body.token}`).expect(200);
    expect(view.body).toMatchObject({ status: 'closed', outcome: 'substantiated', closingSummary: expect.stringContaining('hukuman disiplin') });
    expect(view.body.timeline.map((e: { status: string }) => e.status)).toEqual(['received', 'verifying', 'investigating', 'closed']);
    expect(JSON.stringify(view.body)).not.toContain('ALASAN-INTERNAL-552');

    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('supervisor')).expect(200);
    expect(detail.body.history.at(-1)).toMatchObject({ from: 'investigating', to: 'closed', outcome: 'substantiated', reason: 'ALASAN-INTERNAL-552' });
    expect(detail.body.history.at(-1).by).toEqual(expect.any(String));
    const events = await t.db.query<{ type: string }>(`SELECT type FROM outbox WHERE type LIKE 'cases.%' ORDER BY id`);
    expect(events.filter((e) => e.type === 'cases.status-changed')).toHaveLength(3);
  });

  it('reopens only with a reason', async () => {
    const move = (body: Record<string, unknown>) => request(t.url).post(`/api/v1/cases/${caseId}/transition`).set(as('supervisor')).send(body);
    const res = await move({ to: 'investigating' }).expect(400);
    expect(res.body.errors[0].message).toMatch(/alasan/i);
    await move({ to: 'investigating', reason: 'Bukti baru dari pelapor' }).expect(200);
    const [row] = await t.db.query<{ status: string; outcome: string | null; track: string }>(`SELECT status, outcome, track FROM cases WHERE id = $1`, [caseId]);
    expect(row).toEqual({ status: 'investigating', outcome: null, track: 'examination' });
  });

  it('takes the key away from an unassigned inspector and from one who recuses', async () => {
    await request(t.url).delete(`/api/v1/cases/${caseId}/assignees/${ids.sameOpd}`).set(as('supervisor')).send({ reason: 'Beban kerja dialihkan' }).expect(204);
    expect(await t.db.query(`SELECT 1 FROM case_keys WHERE case_id = $1 AND staff_id = $2`, [caseId, ids.sameOpd])).toHaveLength(0);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('sameOpd')).expect(404);

    expect((await request(t.url).post(`/api/v1/cases/${caseId}/recuse`).set(as('inspector')).send({}).expect(400)).body.errors[0].field).toBe('reason');
    await request(t.url).post(`/api/v1/cases/${caseId}/recuse`).set(as('inspector')).send({ reason: 'Kerabat terlapor' }).expect(204);
    expect(await t.db.query(`SELECT 1 FROM case_keys WHERE case_id = $1 AND staff_id = $2`, [caseId, ids.inspector])).toHaveLength(0);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('inspector')).expect(404);
    const types = (await t.db.query<{ type: string }>(`SELECT type FROM outbox ORDER BY id`)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['cases.case-assigned', 'cases.case-unassigned', 'cases.inspector-recused', 'cases.note-added']));
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('supervisor')).expect(200);
    expect(detail.body.assignees).toEqual([]);
    expect(detail.body.notes.map((n: { body: string }) => n.body)).toContain('[recusal] Kerabat terlapor');
  });

  it('filters the inbox and counts cases per status', async () => {
    const filtered = async (query: string) => (await request(t.url).get(`/api/v1/cases?${query}`).set(as('supervisor')).expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(await filtered('category=illegal_levy&opd=DUKCAPIL&channel=api')).toEqual([caseId]);
    expect(await filtered('category=corruption')).toEqual([]);
    expect(await filtered(`assignee=${ids.named}`)).toEqual([]);
    expect(await filtered('status=investigating')).toEqual([caseId]);
    const bad = await request(t.url).get('/api/v1/cases?channel=pigeon&assignee=x').set(as('supervisor')).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['assignee', 'channel']);
    const counts = await request(t.url).get('/api/v1/cases/counts').set(as('supervisor')).expect(200);
    expect(counts.body).toEqual({ received: 0, verifying: 0, investigating: 1, closed: 0 });
  });

  it('records a report received by phone and issues a receipt to hand over', async () => {
    const agent = request.agent(t.url);
    const email = (await t.db.query<{ email: string }>(`SELECT email FROM staff WHERE id = $1`, [ids.supervisor]))[0].email;
    const login = await agent.get('/staff/login');
    await agent
      .post('/staff/login')
      .type('form')
      .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(login.text)![1], email, password: 'teluk kendari pagi hari' })
      .expect(303);
    const form = await agent.get('/staff/reports/new').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const fields = {
      category: 'maladministration',
      title: 'Pengaduan lewat telepon',
      description: 'Penelepon menyampaikan bahwa pengurusan akta di kantor dinas ditunda berbulan-bulan.',
      anonymous: 'yes',
      consent: 'yes',
      channel: 'phone',
    };
    let noToken = agent.post('/staff/reports/new');
    for (const [k, v] of Object.entries(fields)) noToken = noToken.field(k, v);
    await noToken.expect(403);
    let req = agent.post('/staff/reports/new').field('_csrf', csrf);
    for (const [k, v] of Object.entries({ ...fields, channel: 'pigeon' })) req = req.field(k, v);
    await req.expect(400);
    req = agent.post('/staff/reports/new').field('_csrf', csrf);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    const res = await req.expect(200);
    const receipt = /id="receipt">([0-9A-Z-]+)</.exec(res.text)![1];
    await request(t.url).post('/api/v1/track').send({ receipt }).expect(200);
    const [row] = await t.db.query<{ channel: string }>(`SELECT channel FROM cases ORDER BY submitted_at DESC LIMIT 1`);
    expect(row.channel).toBe('phone');
    await request(t.url).get('/staff/reports/new').set(as('inspector')).expect(403);
  });

  it('sends files to the reporter, and marks what is unread on both sides', async () => {
    await request(t.url)
      .post(`/api/v1/cases/${caseId}/messages`)
      .set(as('supervisor'))
      .field('body', 'Mohon lengkapi formulir terlampir')
      .attach('attachments', Buffer.from('formulir isian'), 'formulir.txt')
      .expect(201);
    await request(t.url).post(`/api/v1/cases/${caseId}/messages`).set(as('supervisor')).field('body', 'x').attach('attachments', Buffer.from('MZ\x90binary'), 'alat.exe').expect(415);
    const session = (await request(t.url).post('/api/v1/track').send({ receipt }).expect(200)).body.token;
    const first = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session}`).expect(200);
    const sent = first.body.messages.find((m: { body: string }) => m.body === 'Mohon lengkapi formulir terlampir');
    expect(sent.new).toBe(true);
    const file = await request(t.url)
      .get(`/api/v1/track/attachments/${sent.attachments[0].id}`)
      .set('Authorization', `Bearer ${session}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((file.body as Buffer).toString()).toBe('formulir isian');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    await request(t.url).get(`/api/v1/track/attachments/${sent.attachments[0].id}`).expect(401);
    const again = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session}`).expect(200);
    expect(again.body.messages.find((m: { body: string }) => m.body === 'Mohon lengkapi formulir terlampir').new).toBe(false);

    const unread = async () => (await request(t.url).get('/api/v1/cases').set(as('supervisor')).expect(200)).body.items.find((i: { id: string }) => i.id === caseId).unread;
    await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('supervisor')).expect(200);
    expect(await unread()).toBe(false);
    await request(t.url).post('/api/v1/track/messages').set('Authorization', `Bearer ${session}`).send({ body: 'Sudah saya lengkapi' }).expect(201);
    expect(await unread()).toBe(true);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('supervisor')).expect(200);
    expect(await unread()).toBe(false);
  });

  it('sorts the inbox oldest first too, with the keyset cursor going the same way', async () => {
    const ids2 = async (query: string) => (await request(t.url).get(`/api/v1/cases?${query}`).set(as('supervisor')).expect(200)).body.items.map((i: { id: string }) => i.id);
    const newest = await ids2('limit=100');
    expect(await ids2('sort=oldest&limit=100')).toEqual([...newest].reverse());
    const firstOldest = (await request(t.url).get('/api/v1/cases?sort=oldest&limit=1').set(as('supervisor')).expect(200)).body;
    if (firstOldest.nextCursor) {
      expect(await ids2(`sort=oldest&limit=100&cursor=${firstOldest.nextCursor}`)).toEqual([...newest].reverse().slice(1));
    }
    await request(t.url).get('/api/v1/cases?sort=random').set(as('supervisor')).expect(400);
    expect(newest.length).toBeGreaterThanOrEqual(2);
  });

  it('links related cases both ways', async () => {
    const other = (await request(t.url).get('/api/v1/cases?channel=phone').set(as('supervisor')).expect(200)).body.items[0].id;
    await request(t.url).post(`/api/v1/cases/${caseId}/links`).set(as('supervisor')).send({ caseId: caseId }).expect(400);
    await request(t.url).post(`/api/v1/cases/${caseId}/links`).set(as('inspector')).send({ caseId: other }).expect(403);
    await request(t.url).post(`/api/v1/cases/${caseId}/links`).set(as('supervisor')).send({ caseId: other }).expect(204);
    await request(t.url).post(`/api/v1/cases/${other}/links`).set(as('supervisor')).send({ caseId }).expect(409);
    expect((await request(t.url).get(`/api/v1/cases/${other}`).set(as('supervisor')).expect(200)).body.links.map((l: { id: string }) => l.id)).toEqual([caseId]);
  });

  it('works through the pages with CSRF tokens', async () => {
    const agent = request.agent(t.url);
    const login = await agent.get('/staff/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
    const supervisorEmail = (await t.db.query<{ email: string }>(`SELECT email FROM staff WHERE id = $1`, [ids.supervisor]))[0].email;
    await agent.post('/staff/login').type('form').send({ _csrf: csrf, email: supervisorEmail, password: 'teluk kendari pagi hari' }).expect(303);
    const page = await agent.get(`/staff/cases/${caseId}`).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    expect(page.text).toContain('Andi Pratama'); // suggested, flagged
    await agent.post(`/staff/cases/${caseId}/assign`).type('form').send({ inspectorId: ids.named }).expect(403); // no CSRF
    const conflicted = await agent.post(`/staff/cases/${caseId}/assign`).type('form').send({ _csrf: token, inspectorId: ids.named }).expect(409);
    expect(conflicted.text).toContain('Andi Pratama mungkin memiliki benturan kepentingan: disebut sebagai terlapor.');
    expect(conflicted.text).toContain(`name="overrideFor" value="${ids.named}"`);
    await agent.post(`/staff/cases/${caseId}/assign`).type('form').send({ _csrf: token, inspectorId: ids.named, overrideFor: ids.named, overrideReason: 'Disetujui Inspektur' }).expect(303);
    const bad = await agent.post(`/staff/cases/${caseId}/transition`).type('form').send({ _csrf: token, to: 'closed', reason: 'x' }).expect(400);
    expect(bad.text).toContain('id="summary-error"');
  });
});
