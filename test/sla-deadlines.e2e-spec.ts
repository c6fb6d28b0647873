import request from 'supertest';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';

/**
 * SLA deadlines on real PostgreSQL with a fixed clock: verification starts at receipt and counts
 * working days of the Kendari calendar (Nyepi, Idul Fitri and cuti bersama in March 2026), the
 * inbox finds overdue cases, and the clocks follow the case through its stages.
 */
describe('SLA deadlines', () => {
  // Tuesday 17 March 2026, 08:00 WITA: the day before the Nyepi / Idul Fitri holidays.
  const clock = new FixedClock(new Date('2026-03-17T00:00:00Z'));
  let t: TestApp;
  let bearer = '';
  let supervisor: { email: string; password: string };
  // Sessions expire with the (fixed) clock, so sign in again after moving it.
  const signIn = async () => {
    bearer = (await request(t.url).post('/api/v1/auth/login').send({ email: supervisor.email, password: supervisor.password }).expect(200)).body.accessToken;
  };
  let caseId = '';
  const deadlines = () =>
    t.db.query<{ kind: string; due_at: Date; working_days: number }>(`SELECT kind, due_at, working_days FROM case_deadlines WHERE case_id = $1 AND kind <> 'feedback' ORDER BY kind`, [caseId]);
  const feedbackDue = async () => (await t.db.query<{ due_at: Date }>(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'feedback'`, [caseId]))[0]?.due_at ?? null;
  const move = (body: Record<string, unknown>) => request(t.url).post(`/api/v1/cases/${caseId}/transition`).set('Authorization', `Bearer ${bearer}`).send(body).expect(200);
  const overdueIds = async () => (await request(t.url).get('/api/v1/cases?overdue=yes').set('Authorization', `Bearer ${bearer}`).expect(200)).body.items.map((i: { id: string }) => i.id);

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { STAFF_2FA: 'optional' } });
    supervisor = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    await signIn();
    await request(t.url)
      .post('/api/v1/reports')
      .send({ category: 'corruption', title: 'Dana desa', description: 'Dana kegiatan dicairkan tetapi kegiatan tidak pernah dilaksanakan.', anonymous: true, consent: 'yes' })
      .expect(201);
    caseId = (await request(t.url).get('/api/v1/cases').set('Authorization', `Bearer ${bearer}`).expect(200)).body.items[0].id;
  });
  afterAll(() => t.close());

  it('starts the verification clock at receipt, over the holidays', async () => {
    // Working days after Tue 17 Mar: 18–24 are holidays, cuti bersama or the weekend; Wed 25, Thu 26, Fri 27.
    expect(await deadlines()).toEqual([{ kind: 'verification', due_at: new Date('2026-03-27T15:59:59.999Z'), working_days: 3 }]);
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(detail.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'verification', daysLeft: 3, unit: 'working', overdue: false }),
      expect.objectContaining({ kind: 'feedback', daysLeft: 30, unit: 'calendar', overdue: false }),
    ]);
    // The reporter hears from the inspectorate within 30 calendar days: Thursday 16 April.
    expect(await feedbackDue()).toEqual(new Date('2026-04-16T15:59:59.999Z'));
    expect(await overdueIds()).toEqual([]);
  });

  it('shows the case as overdue once the deadline passed', async () => {
    clock.set(new Date('2026-03-30T01:00:00Z')); // Monday 30 March, 09:00 WITA
    await request(t.url).get('/api/v1/cases').set('Authorization', `Bearer ${bearer}`).expect(401); // the session went idle
    await signIn();
    expect(await overdueIds()).toEqual([caseId]);
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(detail.body.deadlines[0]).toMatchObject({ kind: 'verification', overdue: true, daysLeft: -1 });
    const page = await request(t.url).get('/staff/cases').set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(page.text).toContain('Lewat tenggat');
    await request(t.url).get('/api/v1/cases?overdue=maybe').set('Authorization', `Bearer ${bearer}`).expect(400);
  });

  it('stops and starts the clocks with the stages', async () => {
    await move({ to: 'verifying', reason: 'Diperiksa' });
    // Triage is part of verification: its clock runs on from receipt, and the case stays overdue.
    expect(await deadlines()).toEqual([{ kind: 'verification', due_at: new Date('2026-03-27T15:59:59.999Z'), working_days: 3 }]);
    expect(await overdueIds()).toEqual([caseId]);
    const inVerification = await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(inVerification.body.deadlines[0]).toMatchObject({ kind: 'verification', overdue: true });
    // The inbox's "due" cell is not blank.
    const inbox = await request(t.url).get('/api/v1/cases?status=verifying').set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(inbox.body.items).toEqual([expect.objectContaining({ id: caseId, nextDueAt: '2026-03-27T15:59:59.999Z', overdue: true })]);
    // The reporter sees the status change: the feedback clock starts again (30 March + 30 days).
    expect(await feedbackDue()).toEqual(new Date('2026-04-29T15:59:59.999Z'));
    await move({ to: 'investigating', reason: 'Cukup bukti', track: 'complaint' });
    // Leaving verification stops its clock; the investigation's starts.
    const [inv, ...others] = await deadlines();
    expect(others).toEqual([]);
    expect(await overdueIds()).toEqual([]);
    expect(inv).toMatchObject({ kind: 'investigation', working_days: 14 });
    // 14 working days after Mon 30 Mar, with Good Friday (3 Apr) off: Mon 20 Apr.
    expect(inv.due_at).toEqual(new Date('2026-04-20T15:59:59.999Z'));
    await move({ to: 'closed', reason: 'Selesai', outcome: 'not_substantiated', summary: 'Tidak ditemukan bukti yang cukup.' });
    expect(await deadlines()).toEqual([]);
    expect(await feedbackDue()).toBeNull();
    await move({ to: 'investigating', reason: 'Bukti baru', track: 'examination' });
    expect((await deadlines())[0]).toMatchObject({ kind: 'investigation', working_days: 60 });
    expect(await feedbackDue()).not.toBeNull();
  });

  it('restarts the feedback clock when the inspectorate writes to the reporter', async () => {
    clock.set(new Date('2026-04-06T01:00:00Z')); // Monday 6 April
    await signIn();
    await request(t.url).post(`/api/v1/cases/${caseId}/messages`).set('Authorization', `Bearer ${bearer}`).send({ body: 'Laporan Anda sedang kami periksa.' }).expect(201);
    expect(await feedbackDue()).toEqual(new Date('2026-05-06T15:59:59.999Z'));
  });
});
