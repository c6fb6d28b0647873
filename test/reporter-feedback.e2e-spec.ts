import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { bearer, pageSession, postReceiptForm } from './support/pages';

const REPORT = {
  category: 'corruption',
  title: 'Dana hibah dipotong',
  description: 'Dana hibah dipotong sebelum diserahkan kepada penerima, tanpa kuitansi sama sekali.',
  anonymous: true,
  consent: 'yes',
};
const COMMENT = 'KOMENTAR-RAHASIA-6620 petugas ramah tetapi lambat';

/**
 * Issue 14, "hearing back from reporters": once a case is closed the reporter may rate it (1–5)
 * with a comment, once; the rating counts in the statistics under the small-group rule, the
 * comment is sealed to the case, the audit log says a rating was given and nothing more.
 */
describe('Reporter feedback', () => {
  let t: TestApp;
  let supervisor: string;
  let auditor: { email: string; password: string };

  /** A filed report: its receipt, case id and a reporter bearer token. */
  const file = async () => {
    const { body } = await request(t.url).post('/api/v1/reports').send(REPORT).expect(201);
    const [{ id }] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY submitted_at DESC, number DESC LIMIT 1`);
    const session = await request(t.url).post('/api/v1/track').send({ receipt: body.receipt }).expect(200);
    return { receipt: body.receipt as string, caseId: id, reporter: `Bearer ${session.body.token as string}` };
  };
  const close = (caseId: string) =>
    request(t.url)
      .post(`/api/v1/cases/${caseId}/transition`)
      .set('Authorization', supervisor)
      .send({ to: 'closed', outcome: 'rejected', reason: 'Bukan wewenang WBS', summary: 'Diteruskan ke instansi lain.' })
      .expect((r) => expect(r.status).toBeLessThan(300));
  const rate = (reporter: string, body: unknown) =>
    request(t.url)
      .post('/api/v1/track/feedback')
      .set('Authorization', reporter)
      .send(body as object);
  const stored = async () => t.db.query<{ case_id: string; rating: number; comment: Buffer | null }>(`SELECT case_id, rating, comment_sealed AS comment FROM reporter_feedback ORDER BY case_id`);

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REPORT: '1000', RATE_LIMIT_TRACK: '1000', RATE_LIMIT_REPORTER_MESSAGE: '1000', RATE_LIMIT_LOGIN: '1000', STATS_MIN_GROUP: '3' } });
    supervisor = await bearer(t, await t.createStaff([Role.Supervisor]));
    await t.createStaff([Role.Custodian]);
    auditor = await t.createStaff([Role.Auditor]);
  });
  afterAll(async () => t?.close());

  it('refuses a rating before the case is closed, and offers none', async () => {
    const c = await file();
    const view = await request(t.url).get('/api/v1/track/case').set('Authorization', c.reporter).expect(200);
    expect(view.body.feedback).toEqual({ canGive: false, rating: null, comment: null, at: null });
    const res = await rate(c.reporter, { rating: 5 }).expect(409);
    expect(res.body).toMatchObject({ code: 'feedback_not_open', message: expect.stringContaining('setelah laporan selesai') });
    expect((await stored()).filter((r) => r.case_id === c.caseId)).toEqual([]);
  });

  it('refuses bad ratings and a too long comment with field errors, storing nothing', async () => {
    const c = await file();
    await close(c.caseId);
    for (const rating of [0, 6, 'abc', 3.5, null, '', '10', -1]) {
      const res = await rate(c.reporter, { rating, comment: 'baik' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'rating', message: 'Pilih nilai dari 1 sampai 5.' }]);
    }
    const long = await rate(c.reporter, { rating: 4, comment: 'x'.repeat(2001) }).expect(400);
    expect(long.body.errors).toEqual([{ field: 'comment', message: 'Terlalu panjang: maksimal 2000 karakter.' }]);
    const notText = await rate(c.reporter, { rating: 4, comment: { x: 1 } }).expect(400);
    expect(notText.body.errors).toEqual([{ field: 'comment', message: expect.any(String) }]);
    expect((await stored()).filter((r) => r.case_id === c.caseId)).toEqual([]);
    await request(t.url).post('/api/v1/track/feedback').send({ rating: 4 }).expect(401);
  });

  it('takes one rating of a closed case through the API: comment sealed, second try refused, audited without content', async () => {
    const c = await file();
    await close(c.caseId);
    expect((await request(t.url).get('/api/v1/track/case').set('Authorization', c.reporter).expect(200)).body.feedback.canGive).toBe(true);
    const given = await rate(c.reporter, { rating: 4, comment: `  ${COMMENT}  ` }).expect(201);
    expect(given.body).toEqual({ rating: 4, at: expect.any(String) });

    const again = await rate(c.reporter, { rating: 1, comment: 'ubah' }).expect(409);
    expect(again.body).toMatchObject({ code: 'feedback_already_given' });
    const [row] = (await stored()).filter((r) => r.case_id === c.caseId);
    expect(row.rating).toBe(4);
    expect(row.comment!.toString('latin1')).not.toContain('KOMENTAR-RAHASIA');

    const view = await request(t.url).get('/api/v1/track/case').set('Authorization', c.reporter).expect(200);
    expect(view.body.feedback).toEqual({ canGive: false, rating: 4, comment: COMMENT, at: given.body.at });

    const audit = await t.db.query<{ detail: unknown }>(`SELECT detail FROM audit_log WHERE action = 'reporter.feedback-given' AND case_id = $1`, [c.caseId]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].detail ?? null)).not.toMatch(/4|KOMENTAR/);
    expect(t.logs()).not.toContain('KOMENTAR-RAHASIA');
    expect(JSON.stringify(await t.db.query(`SELECT * FROM outbox`))).not.toContain('KOMENTAR-RAHASIA');
  });

  it('decides two ratings racing each other by the primary key: one stored, the other refused', async () => {
    const c = await file();
    await close(c.caseId);
    const answers = await Promise.all([rate(c.reporter, { rating: 2 }), rate(c.reporter, { rating: 5 })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect((await stored()).filter((r) => r.case_id === c.caseId)).toHaveLength(1);
  });

  it('offers the rating form on the tracking page without JavaScript, shows errors beside it, then the thanks', async () => {
    const c = await file();
    await close(c.caseId);
    const agent = request.agent(t.url);
    expect((await postReceiptForm(agent, c.receipt)).status).toBe(303);
    const page = await agent.get('/track/case').expect(200);
    expect(page.text).toContain('action="/track/feedback"');
    expect(page.text).toContain('name="rating" value="5"');

    const bad = await agent.post('/track/feedback').type('form').send({ rating: '6', comment: 'CATATAN-7731' }).expect(400);
    expect(bad.text).toContain('id="rating-error">Pilih nilai dari 1 sampai 5.');
    expect(bad.text).toContain('CATATAN-7731</textarea>');
    expect((await stored()).filter((r) => r.case_id === c.caseId)).toEqual([]);

    const ok = await agent.post('/track/feedback').type('form').send({ rating: '3', comment: 'CATATAN-7731' }).expect(303);
    expect(ok.headers.location).toMatch(/^\/track\/case\?lang=id#feedback$/);
    const after = await agent.get('/track/case').expect(200);
    expect(after.text).toContain('Terima kasih atas penilaian Anda.');
    expect(after.text).toContain('3 – cukup');
    expect(after.text).not.toContain('action="/track/feedback"');

    const twice = await agent.post('/track/feedback').type('form').send({ rating: '5' }).expect(409);
    expect(twice.text).toContain('sudah dinilai');
    expect((await stored()).filter((r) => r.case_id === c.caseId).map((r) => r.rating)).toEqual([3]);
  });

  it('shows the average and the distribution in the statistics, small groups hidden', async () => {
    // Given so far: 4, 2 or 5 (the race), 3: three ratings, each rating value at most once.
    const stats = await request(t.url)
      .get('/api/v1/stats')
      .set('Authorization', await bearer(t, auditor))
      .expect(200);
    const rows = await t.db.query<{ rating: number }>(`SELECT rating FROM reporter_feedback`);
    expect(rows).toHaveLength(3);
    const mean = Math.round((rows.reduce((a, r) => a + r.rating, 0) / 3) * 100) / 100;
    expect(stats.body.satisfaction.rated).toBe(3);
    expect(stats.body.satisfaction.average).toBe(mean);
    const hidden = { hidden: true, below: 3 };
    for (const r of stats.body.satisfaction.byRating as { rating: number; count: unknown }[]) {
      expect(r.count).toEqual(rows.some((x) => x.rating === r.rating) ? hidden : 0);
    }

    const { agent } = await pageSession(t, auditor.email, auditor.password);
    const page = await agent.get('/staff/insights?lang=en').expect(200);
    expect(page.text).toContain('Average rating (1–5)');
    expect(page.text).toContain(`${mean.toFixed(2)} of 5`);
    expect(page.text).toContain('id="stats-rating"');
  });

  it('hides the average while fewer ratings than STATS_MIN_GROUP were given in the period', async () => {
    const stats = await request(t.url)
      .get('/api/v1/stats?from=2020-01-01&to=2020-12-31')
      .set('Authorization', await bearer(t, auditor))
      .expect(200);
    expect(stats.body.satisfaction).toMatchObject({ rated: 0, average: null });
    await t.db.query(`DELETE FROM reporter_feedback WHERE case_id IN (SELECT case_id FROM reporter_feedback ORDER BY case_id LIMIT 1)`);
    const two = await request(t.url)
      .get('/api/v1/stats')
      .set('Authorization', await bearer(t, auditor))
      .expect(200);
    expect(two.body.satisfaction).toMatchObject({ rated: { hidden: true, below: 3 }, average: { hidden: true, below: 3 } });
  });
});
