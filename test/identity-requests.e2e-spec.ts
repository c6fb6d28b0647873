import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { postReceiptForm } from './support/pages';

/**
 * Identity requests (issue 3): an assigned inspector asks, a custodian decides, and only on
 * approval is the identity key re-sealed to that inspector; the reporter is told.
 */
describe('identity requests', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  let caseId = '';
  let anonymousCaseId = '';
  let receipt = '';

  async function member(key: string, roles: Role[]) {
    const m = await t.createStaff(roles);
    ids[key] = m.id;
    tokens[key] = (await request(t.url).post('/api/v1/auth/login').send({ email: m.email, password: m.password }).expect(200)).body.accessToken;
  }

  const report = (extra: Record<string, unknown>) => ({
    category: 'gratification',
    title: 'Hadiah untuk izin usaha',
    description: 'Pejabat bidang perizinan menerima uang dari pemohon agar izin cepat terbit, pada bulan Maret.',
    consent: 'yes',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000', STAFF_2FA: 'optional' } });
    await member('supervisor', [Role.Supervisor]);
    await member('custodian', [Role.Custodian]);
    await member('inspector', [Role.Inspector]);
    await member('other', [Role.Inspector]);
    const identified = await request(t.url)
      .post('/api/v1/reports')
      .send(report({ anonymous: false, reporter_name: 'NAMA-RAHASIA-8812', reporter_phone: '081233344455' }))
      .expect(201);
    receipt = identified.body.receipt;
    await request(t.url)
      .post('/api/v1/reports')
      .send(report({ anonymous: true }))
      .expect(201);
    const list = (await request(t.url).get('/api/v1/cases').set(as('supervisor')).expect(200)).body.items;
    caseId = list.find((i: { anonymous: boolean }) => !i.anonymous).id;
    anonymousCaseId = list.find((i: { anonymous: boolean }) => i.anonymous).id;
    for (const c of [caseId, anonymousCaseId]) {
      await request(t.url).post(`/api/v1/cases/${c}/assign`).set(as('supervisor')).send({ inspectorId: ids.inspector }).expect(201);
    }
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set(as('supervisor')).send({ inspectorId: ids.other }).expect(201);
  });
  afterAll(() => t.close());

  it('shows no identity to supervisors or assigned inspectors before approval', async () => {
    for (const who of ['supervisor', 'inspector']) {
      const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(as(who)).expect(200);
      expect(detail.body.identity).toBeNull();
      expect(JSON.stringify(detail.body)).not.toContain('NAMA-RAHASIA-8812');
    }
  });

  it('refuses requests with no justification, on anonymous reports, from supervisors or the unassigned', async () => {
    expect((await request(t.url).post(`/api/v1/cases/${caseId}/identity-requests`).set(as('inspector')).send({}).expect(400)).body.errors[0].field).toBe('justification');
    const anon = await request(t.url).post(`/api/v1/cases/${anonymousCaseId}/identity-requests`).set(as('inspector')).send({ justification: 'Perlu saksi' }).expect(409);
    expect(anon.body.message).toMatch(/anonim/);
    await request(t.url).post(`/api/v1/cases/${caseId}/identity-requests`).set(as('supervisor')).send({ justification: 'x' }).expect(403);
    expect(await t.db.query(`SELECT 1 FROM identity_requests`)).toHaveLength(0);
  });

  let requestId = '';

  it('lets custodians read the justification, never the case', async () => {
    requestId = (await request(t.url).post(`/api/v1/cases/${caseId}/identity-requests`).set(as('inspector')).send({ justification: 'ALASAN-PERLU-SAKSI-31' }).expect(201)).body.id;
    await request(t.url).post(`/api/v1/cases/${caseId}/identity-requests`).set(as('inspector')).send({ justification: 'lagi' }).expect(409);
    const list = await request(t.url).get('/api/v1/identity-requests').set(as('custodian')).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: requestId, justification: 'ALASAN-PERLU-SAKSI-31', status: 'pending' })]);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('custodian')).expect(403);
    await request(t.url).get('/api/v1/identity-requests').set(as('inspector')).expect(403);
    await request(t.url).post(`/api/v1/identity-requests/${requestId}/decision`).set(as('supervisor')).send({ approve: true, reason: 'x' }).expect(403);
  });

  it('re-seals the identity key to the requester only on approval, and tells the reporter', async () => {
    expect((await request(t.url).post(`/api/v1/identity-requests/${requestId}/decision`).set(as('custodian')).send({ approve: true }).expect(400)).body.errors[0].field).toBe('reason');
    await request(t.url).post(`/api/v1/identity-requests/${requestId}/decision`).set(as('custodian')).send({ approve: true, reason: 'Alasan cukup' }).expect(200);
    await request(t.url).post(`/api/v1/identity-requests/${requestId}/decision`).set(as('custodian')).send({ approve: false, reason: 'x' }).expect(409);

    const mine = await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('inspector')).expect(200);
    expect(mine.body.identity).toMatchObject({ name: 'NAMA-RAHASIA-8812', phone: '081233344455' });
    for (const who of ['other', 'supervisor']) {
      const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(as(who)).expect(200);
      expect(detail.body.identity).toBeNull();
    }
    const holders = await t.db.query<{ staff_id: string }>(`SELECT staff_id FROM case_keys WHERE case_id = $1 AND kind = 'identity' ORDER BY staff_id`, [caseId]);
    expect(holders.map((h) => h.staff_id).sort()).toEqual([ids.custodian, ids.inspector].sort());

    const session = await request(t.url).post('/api/v1/track').send({ receipt }).expect(200);
    const view = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session.body.token}`).expect(200);
    expect(view.body.identityDisclosedAt).toHaveLength(1);
    const agent = request.agent(t.url);
    expect((await postReceiptForm(agent, receipt)).status).toBe(303);
    expect((await agent.get('/track/case').expect(200)).text).toContain('Identitas Anda dibuka untuk satu orang pemeriksa');
  });

  it('gives nothing on refusal', async () => {
    const id = (await request(t.url).post(`/api/v1/cases/${caseId}/identity-requests`).set(as('other')).send({ justification: 'Ingin tahu' }).expect(201)).body.id;
    await request(t.url).post(`/api/v1/identity-requests/${id}/decision`).set(as('custodian')).send({ approve: false, reason: 'Tidak cukup alasan' }).expect(200);
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(as('other')).expect(200);
    expect(detail.body.identity).toBeNull();
    const types = (await t.db.query<{ type: string }>(`SELECT type FROM outbox WHERE type LIKE 'cases.identity%'`)).map((e) => e.type);
    expect(types.sort()).toEqual(['cases.identity-request-decided', 'cases.identity-request-decided', 'cases.identity-requested', 'cases.identity-requested']);
    const [dump] = await t.db.query<{ d: string }>(`SELECT string_agg(r::text, '') AS d FROM identity_requests r`);
    expect(dump.d).not.toContain('Ingin tahu');
  });
});
