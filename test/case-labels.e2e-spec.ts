import request from 'supertest';
import { DataSource } from 'typeorm';
import { CaseLabels1764300018000 } from '../src/cases/migrations/1764300018000-case-labels';
import { CaseLabelStatsView1764300021210 } from '../src/cases/migrations/1764300021210-case-label-stats-view';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { untilIdle } from './support/idle';
import { apiDocument, bearer, csrfOf, pageSession } from './support/pages';

/**
 * Issue 16, labels: supervisors define them; supervisors and the inspectors assigned to a case
 * put them on it and take them off; the inbox filters by label; every change is an outbox event.
 */
describe('case labels', () => {
  let t: TestApp;
  const auth: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const cases: string[] = [];

  const as = (who: string) => ({ Authorization: auth[who] });
  const labelsStored = async () => t.db.query<{ name: string; colour: string }>(`SELECT name, colour FROM case_labels ORDER BY name`);
  const onCases = async () => t.db.query<{ case_id: string; label_id: string }>(`SELECT case_id, label_id FROM case_label_assignments ORDER BY case_id, label_id`);

  const logins: Record<string, { email: string; password: string }> = {};

  async function member(key: string, roles: Role[]) {
    const m = await t.createStaff(roles);
    ids[key] = m.id;
    logins[key] = m;
    auth[key] = await bearer(t, m);
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000', STAFF_2FA: 'optional' } });
    await member('supervisor', [Role.Supervisor]);
    await member('inspector', [Role.Inspector]);
    await member('other', [Role.Inspector]);
    await member('auditor', [Role.Auditor]);
    await member('admin', [Role.Admin]);
    await member('custodian', [Role.Custodian]);
    for (const title of ['Pungutan KTP di loket', 'Gratifikasi pengadaan']) {
      await request(t.url)
        .post('/api/v1/reports')
        .send({ category: 'illegal_levy', title, description: 'Petugas loket meminta Rp 50.000 untuk setiap KTP sejak Januari, tanpa kuitansi.', anonymous: true, consent: 'yes' })
        .expect(201);
    }
    const list = await request(t.url).get('/api/v1/cases').set(as('supervisor')).expect(200);
    cases.push(...list.body.items.map((i: { id: string }) => i.id));
    await request(t.url).post(`/api/v1/cases/${cases[0]}/assign`).set(as('supervisor')).send({ inspectorId: ids.inspector }).expect(201);
  });
  afterAll(() => t.close());

  let urgent = '';
  let media = '';

  it('lets a supervisor define labels, stored with a lower-case colour', async () => {
    const res = await request(t.url).post('/api/v1/labels').set(as('supervisor')).send({ name: ' Mendesak ', colour: '#B91C1C' }).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), name: 'Mendesak', colour: '#b91c1c' });
    urgent = res.body.id;
    media = (await request(t.url).post('/api/v1/labels').set(as('supervisor')).send({ name: 'Sorotan media', colour: '#fde047' }).expect(201)).body.id;
    const list = await request(t.url).get('/api/v1/labels').set(as('inspector')).expect(200);
    expect(list.body.map((l: { name: string }) => l.name)).toEqual(['Mendesak', 'Sorotan media']);
  });

  it.each([
    [{ name: '', colour: '#000000' }, 'name', 'labels.name_required'],
    [{ name: 'x'.repeat(41), colour: '#000000' }, 'name', 'labels.name_too_long'],
    [{ name: 'dua\nbaris', colour: '#000000' }, 'name', 'labels.name_one_line'],
    [{ name: 'Merah', colour: 'red' }, 'colour', 'labels.colour_invalid'],
    [{ name: 'Merah', colour: '#12345' }, 'colour', 'labels.colour_invalid'],
    [{ name: 'mendesak', colour: '#000000' }, 'name', 'labels.name_taken'],
  ])('refuses the label %j with an error on %s, storing nothing', async (body, field, message) => {
    const before = await labelsStored();
    const res = await request(t.url).post('/api/v1/labels').set(as('supervisor')).set('Accept-Language', 'en').send(body).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    expect(res.body.errors[0].message).not.toBe(message); // translated, not the bare key
    expect(await labelsStored()).toEqual(before);
  });

  it('keeps defining labels to supervisors', async () => {
    for (const who of ['inspector', 'auditor', 'admin', 'custodian']) {
      await request(t.url).post('/api/v1/labels').set(as(who)).send({ name: 'Baru', colour: '#000000' }).expect(403);
      await request(t.url).patch(`/api/v1/labels/${urgent}`).set(as(who)).send({ name: 'Baru' }).expect(403);
      await request(t.url).delete(`/api/v1/labels/${urgent}`).set(as(who)).expect(403);
    }
    for (const who of ['auditor', 'admin', 'custodian']) await request(t.url).get('/api/v1/labels').set(as(who)).expect(403);
    expect((await labelsStored()).map((l) => l.name)).toEqual(['Mendesak', 'Sorotan media']);
  });

  it('renames a label, refusing a name another label has', async () => {
    const taken = await request(t.url).patch(`/api/v1/labels/${urgent}`).set(as('supervisor')).send({ name: 'SOROTAN MEDIA' }).expect(400);
    expect(taken.body.errors[0].field).toBe('name');
    await request(t.url).patch(`/api/v1/labels/${urgent}`).set(as('supervisor')).send({ name: 'Prioritas' }).expect(200);
    expect((await labelsStored()).map((l) => l.name)).toEqual(['Prioritas', 'Sorotan media']);
  });

  it('lets a supervisor and the assigned inspector label a case, and nobody else', async () => {
    await request(t.url).post(`/api/v1/cases/${cases[0]}/labels`).set(as('other')).send({ labelId: urgent }).expect(403);
    for (const who of ['auditor', 'admin', 'custodian']) {
      await request(t.url).post(`/api/v1/cases/${cases[0]}/labels`).set(as(who)).send({ labelId: urgent }).expect(403);
    }
    expect(await onCases()).toEqual([]);
    await request(t.url).post(`/api/v1/cases/${cases[0]}/labels`).set(as('inspector')).send({ labelId: urgent }).expect(204);
    await request(t.url).post(`/api/v1/cases/${cases[0]}/labels`).set(as('supervisor')).send({ labelId: media }).expect(204);
    await request(t.url).post(`/api/v1/cases/${cases[1]}/labels`).set(as('supervisor')).send({ labelId: media }).expect(204);
    await request(t.url).post(`/api/v1/cases/${cases[1]}/labels`).set(as('inspector')).send({ labelId: urgent }).expect(403); // not theirs
    await request(t.url).post(`/api/v1/cases/${cases[0]}/labels`).set(as('supervisor')).send({ labelId: media }).expect(409);
    const detail = await request(t.url).get(`/api/v1/cases/${cases[0]}`).set(as('inspector')).expect(200);
    expect(detail.body.labels.map((l: { name: string }) => l.name)).toEqual(['Prioritas', 'Sorotan media']);
  });

  it('refuses an unknown label or case, changing nothing', async () => {
    const before = await onCases();
    const unknown = await request(t.url).post(`/api/v1/cases/${cases[1]}/labels`).set(as('supervisor')).send({ labelId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'labelId' })]);
    await request(t.url).post(`/api/v1/cases/${cases[1]}/labels`).set(as('supervisor')).send({}).expect(400);
    await request(t.url).post(`/api/v1/cases/00000000-0000-4000-8000-000000000000/labels`).set(as('supervisor')).send({ labelId: urgent }).expect(404);
    await request(t.url).post(`/api/v1/cases/00000000-0000-4000-8000-000000000000/labels`).set(as('inspector')).send({ labelId: urgent }).expect(403);
    const notOn = await request(t.url).delete(`/api/v1/cases/${cases[1]}/labels/${urgent}`).set(as('supervisor')).expect(400);
    expect(notOn.body.errors[0].field).toBe('labelId');
    expect(await onCases()).toEqual(before);
  });

  it('filters the inbox by label', async () => {
    const byMedia = await request(t.url).get(`/api/v1/cases?label=${media}`).set(as('supervisor')).expect(200);
    expect(byMedia.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...cases].sort());
    const byUrgent = await request(t.url).get(`/api/v1/cases?label=${urgent}`).set(as('supervisor')).expect(200);
    expect(byUrgent.body.items.map((i: { id: string }) => i.id)).toEqual([cases[0]]);
    expect(byUrgent.body.items[0].labels.map((l: { colour: string }) => l.colour)).toEqual(['#b91c1c', '#fde047']);
    expect((await request(t.url).get('/api/v1/cases?label=merah').set(as('supervisor')).expect(400)).body.errors[0].field).toBe('label');
  });

  it('takes a label off a case (assigned inspector), and deleting a label takes it off every case', async () => {
    await request(t.url).delete(`/api/v1/cases/${cases[0]}/labels/${urgent}`).set(as('other')).expect(403);
    await request(t.url).delete(`/api/v1/cases/${cases[0]}/labels/${urgent}`).set(as('auditor')).expect(403);
    await request(t.url).delete(`/api/v1/cases/${cases[0]}/labels/${urgent}`).set(as('inspector')).expect(204);
    await request(t.url).delete(`/api/v1/labels/${media}`).set(as('supervisor')).expect(204);
    await request(t.url).delete(`/api/v1/labels/${media}`).set(as('supervisor')).expect(404);
    expect(await onCases()).toEqual([]);
    expect((await labelsStored()).map((l) => l.name)).toEqual(['Prioritas']);
  });

  it('records every change as an event with ids and the label name only', async () => {
    const events = await t.db.query<{ type: string; payload: Record<string, unknown> }>(`SELECT type, payload FROM outbox WHERE type LIKE 'cases.label-%' ORDER BY id`);
    expect(events.map((e) => e.type)).toEqual([
      'cases.label-defined',
      'cases.label-defined',
      'cases.label-defined',
      'cases.label-added',
      'cases.label-added',
      'cases.label-added',
      'cases.label-removed',
      'cases.label-defined',
    ]);
    expect(events[3].payload).toEqual({ caseId: cases[0], labelId: urgent, label: 'Prioritas', actorId: ids.inspector });
    expect(JSON.stringify(events)).not.toContain('Pungutan');
    // Each reaches the audit log, by the member who acted.
    await untilIdle(t);
    const audit = await t.db.query<{ action: string; actor_id: string; case_id: string | null }>(`SELECT action, actor_id, case_id FROM audit_log WHERE action LIKE 'cases.label-%' ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(events.map((e) => e.type));
    expect(audit[3]).toEqual({ action: 'cases.label-added', actor_id: ids.inspector, case_id: cases[0] });
    expect(audit[0]).toMatchObject({ action: 'cases.label-defined', actor_id: ids.supervisor, case_id: null });
  });

  it('keeps the labels page to supervisors and its forms to CSRF-bearing posts', async () => {
    const { agent: inspector } = await pageSession(t, logins.inspector.email, logins.inspector.password);
    await inspector.get('/staff/labels').expect(403);
    await inspector
      .get('/staff/labels/styles.css')
      .expect(200)
      .expect('Content-Type', /text\/css/);
    const { agent: auditor } = await pageSession(t, logins.auditor.email, logins.auditor.password);
    await auditor.get('/staff/labels/styles.css').expect(403);
    const { agent } = await pageSession(t, logins.supervisor.email, logins.supervisor.password);
    const page = await agent.get('/staff/labels').expect(200);
    await agent.post('/staff/labels').type('form').send({ name: 'Tanpa token', colour: '#000000' }).expect(403);
    const bad = await agent
      .post('/staff/labels')
      .type('form')
      .send({ _csrf: csrfOf(page.text), name: 'Baik', colour: 'merah' })
      .expect(400);
    expect(bad.text).toContain('id="colour-error"');
    expect(bad.text).toContain('value="Baik"'); // input kept
    expect((await labelsStored()).map((l) => l.name)).toEqual(['Prioritas']);
    const inspectorCase = await inspector.get(`/staff/cases/${cases[0]}`).expect(200);
    await inspector
      .post(`/staff/cases/${cases[0]}/labels`)
      .type('form')
      .send({ _csrf: csrfOf(inspectorCase.text), labelId: urgent })
      .expect(303);
    await inspector
      .post(`/staff/cases/${cases[1]}/labels`)
      .type('form')
      .send({ _csrf: csrfOf(inspectorCase.text), labelId: urgent })
      .expect(403);
    const unknown = await inspector
      .post(`/staff/cases/${cases[0]}/labels`)
      .type('form')
      .send({ _csrf: csrfOf(inspectorCase.text), labelId: 'x' })
      .expect(400);
    expect(unknown.text).toContain('id="labelId-error"');
    expect(await onCases()).toEqual([{ case_id: cases[0], label_id: urgent }]);
    await inspector
      .post(`/staff/cases/${cases[0]}/labels/remove`)
      .type('form')
      .send({ _csrf: csrfOf(inspectorCase.text), labelId: urgent })
      .expect(303);
    expect(await onCases()).toEqual([]);
  });

  it('documents the API', async () => {
    const doc = await apiDocument(t);
    expect(Object.keys(doc.paths['/api/v1/labels'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/api/v1/cases/{id}/labels'].post.requestBody.content['application/json'].schema.required).toEqual(['labelId']);
    expect(doc.paths['/api/v1/cases/{id}/labels/{labelId}'].delete).toBeDefined();
  });

  it('migrates down and up again', async () => {
    const tables = async () => (await t.db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'case_label%' ORDER BY 1`)).map((r) => r.name);
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      // Later migrations go down first: the statistics view published for insights reads the labels.
      await new CaseLabelStatsView1764300021210().down(runner);
      await new CaseLabels1764300018000().down(runner);
      expect(await tables()).toEqual([]);
      await new CaseLabels1764300018000().up(runner);
      await new CaseLabelStatsView1764300021210().up(runner);
      expect(await tables()).toEqual(['case_label_assignments', 'case_labels']);
      // The database itself refuses a colour that is not #rrggbb and a name taken in another case.
      await expect(t.db.query(`INSERT INTO case_labels (id, name, colour, created_by, created_at) VALUES (gen_random_uuid(), 'A', 'red', $1, now())`, [ids.supervisor])).rejects.toThrow();
      await t.db.query(`INSERT INTO case_labels (id, name, colour, created_by, created_at) VALUES (gen_random_uuid(), 'Baru', '#000000', $1, now())`, [ids.supervisor]);
      await expect(t.db.query(`INSERT INTO case_labels (id, name, colour, created_by, created_at) VALUES (gen_random_uuid(), 'BARU', '#000000', $1, now())`, [ids.supervisor])).rejects.toThrow();
    } finally {
      await runner.release();
    }
  });
});
