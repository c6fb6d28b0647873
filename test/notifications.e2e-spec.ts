import request from 'supertest';
import { SlaSweepJob } from '../src/cases/sla/sla-sweep.job';
import { MailDeliveryWorker } from '../src/notifications/mail-delivery.worker';
import { MailDigestJob } from '../src/notifications/mail-digest.job';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { untilIdle } from './support/idle';
import { bearer, csrfOf, pageSession } from './support/pages';
import { SmtpSink } from './support/smtp-sink';

/**
 * The notifications module beyond the SLA proof: each member's choice of a daily digest
 * (urgent notices still at once), a mail the server refuses for good is parked, shown on
 * /health and the admin page, and sent again with the resend button; notices to a member
 * deactivated meanwhile are dropped; and only admins see the queue.
 */
describe('Notifications', () => {
  const clock = new FixedClock(new Date('2026-11-02T01:00:00Z')); // Monday 2 November, 09:00 WITA
  const sink = new SmtpSink();
  let t: TestApp;
  let admin: { id: string; email: string; password: string };
  let digestSup: { id: string; email: string; password: string };
  let plainSup: { id: string; email: string; password: string };
  let inspector: { id: string; email: string; password: string };
  const submit = () =>
    request(t.url)
      .post('/api/v1/reports')
      .send({ category: 'gratification', title: 'Hadiah dari rekanan', description: 'Rekanan proyek memberi hadiah kepada pejabat pengadaan.', anonymous: true, consent: 'yes' })
      .expect(201);
  const worker = () => t.app.get(MailDeliveryWorker);

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ clock, env: { SMTP_URL: sink.url, MAIL_POLL_MS: '100' } });
    admin = await t.createStaff([Role.Admin]);
    digestSup = await t.createStaff([Role.Supervisor]);
    plainSup = await t.createStaff([Role.Supervisor]);
    inspector = await t.createStaff([Role.Inspector]);
    await t.createStaff([Role.Custodian]);
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  it('lets a member choose a daily digest on their page, and refuses a made-up choice', async () => {
    const { agent } = await pageSession(t, digestSup.email, digestSup.password);
    const page = await agent.get('/staff/notifications').expect(200);
    expect(page.text).toContain('value="immediate" checked');
    await agent
      .post('/staff/notifications')
      .type('form')
      .send({ _csrf: csrfOf(page.text), mail_mode: 'hourly' })
      .expect(400);
    expect(await t.db.query(`SELECT mail_mode FROM notification_preferences WHERE staff_id = $1`, [digestSup.id])).toEqual([]);
    await agent.post('/staff/notifications').type('form').send({ mail_mode: 'digest' }).expect(403); // no CSRF token
    await agent
      .post('/staff/notifications')
      .type('form')
      .send({ _csrf: csrfOf(page.text), mail_mode: 'digest' })
      .expect(303);
    expect(await t.db.query(`SELECT mail_mode FROM notification_preferences WHERE staff_id = $1`, [digestSup.id])).toEqual([{ mail_mode: 'digest' }]);
  });

  it('holds non-urgent notices for the digest, sends urgent ones at once, and digests the rest in one mail', async () => {
    await submit();
    await submit();
    await untilIdle(t);
    expect(sink.matching(/^Laporan baru/).flatMap((m) => m.to)).toEqual([plainSup.email, plainSup.email]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM mail_queue WHERE staff_id = $1 AND status = 'held'`, [digestSup.id])).toEqual([{ n: 2 }]);

    // Deadlines are urgent: the digest member hears of the breach at once.
    await t.app.get(SlaSweepJob).run({ asOf: new Date('2026-11-06T01:00:00Z') });
    clock.set(new Date('2026-11-06T01:00:00Z'));
    await untilIdle(t);
    const breaches = sink.matching(/terlewati$/);
    expect(breaches).toHaveLength(4);
    expect(breaches.filter((m) => m.to.includes(digestSup.email))).toHaveLength(2);

    const result = await t.app.get(MailDigestJob).run();
    expect(result).toEqual({ ran: true, digests: 1, notices: 2 });
    await untilIdle(t);
    expect(sink.matching(/^Ringkasan harian/)).toHaveLength(1);
    const [digest] = sink.matching(/^Ringkasan harian/);
    expect(digest.to).toEqual([digestSup.email]);
    expect(digest.subject).toBe('Ringkasan harian WBS: 2 pemberitahuan');
    expect(digest.raw.match(/Laporan baru masuk/g)?.length).toBeGreaterThanOrEqual(2);
    expect(digest.raw).not.toContain('Hadiah dari rekanan');
    expect(await t.app.get(MailDigestJob).run()).toEqual({ ran: true, digests: 0, notices: 0 });
  });

  it('parks a mail the server refuses for good, shows it, and resends it with the button', async () => {
    sink.refused.add(inspector.email);
    const sup = await bearer(t, plainSup);
    const [{ id: caseId }] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY number LIMIT 1`);
    await request(t.url).post(`/api/v1/cases/${caseId}/assign`).set('Authorization', sup).send({ inspectorId: inspector.id }).expect(201);
    await untilIdle(t);
    const [parked] = await t.db.query<{ id: string; attempts: number; last_error: string }>(`SELECT id, attempts, last_error FROM mail_queue WHERE status = 'parked'`);
    expect(parked.attempts).toBe(1); // a 5xx is not retried
    expect(parked.last_error).toMatch(/550/);
    expect(parked.last_error).not.toContain(inspector.email);

    const health = await request(t.url)
      .get('/health')
      .set('Authorization', await bearer(t, admin))
      .expect(503);
    expect(health.body.checks.mail).toMatchObject({ status: 'degraded', parked: 1 });

    const { agent } = await pageSession(t, admin.email, admin.password);
    const page = await agent.get('/staff/admin/mail').expect(200);
    expect(page.text).toContain('<dd id="mail-parked">1</dd>');
    expect(page.text).toContain(inspector.email);
    expect(page.text).toContain(`/staff/admin/mail/${parked.id}/resend`);

    sink.refused.delete(inspector.email);
    await agent
      .post(`/staff/admin/mail/${parked.id}/resend`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    await untilIdle(t);
    expect(sink.matching(/ditugaskan kepada Anda$/)).toHaveLength(1);
    const [assigned] = sink.matching(/ditugaskan kepada Anda$/);
    expect(assigned.to).toEqual([inspector.email]);
    await agent.get('/health').expect(200); // the admin's page session reads it too
    await agent
      .post(`/staff/admin/mail/${parked.id}/resend`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(404);
  });

  it('drops a notice whose recipient was deactivated before it went out', async () => {
    sink.refused.add(plainSup.email); // park plainSup's next notice so it waits
    await submit();
    await untilIdle(t);
    expect(await t.db.query(`SELECT notice FROM mail_queue WHERE staff_id = $1 AND status = 'parked'`, [plainSup.id])).toEqual([{ notice: 'new-report' }]);
    sink.refused.delete(plainSup.email);
    await t.db.query(`UPDATE staff SET active = false WHERE id = $1`, [plainSup.id]);
    const api = await bearer(t, admin);
    await request(t.url).post('/api/v1/admin/mail/resend-parked').set('Authorization', api).expect(200, { requeued: 1 });
    // The app's own worker may have claimed it first: wait until whoever has it is done.
    await worker().deliverDue();
    await untilIdle(t);
    expect(await t.db.query(`SELECT status, last_error FROM mail_queue WHERE staff_id = $1 AND notice = 'new-report' ORDER BY created_at DESC LIMIT 1`, [plainSup.id])).toEqual([
      { status: 'cancelled', last_error: 'Recipient deactivated before the mail went out' },
    ]);
    await t.db.query(`UPDATE staff SET active = true WHERE id = $1`, [plainSup.id]);
  });

  it('shows the queue to admins only', async () => {
    const { agent } = await pageSession(t, inspector.email, inspector.password);
    await agent.get('/staff/admin/mail').expect(403);
    const inspectorApi = await bearer(t, inspector);
    await request(t.url).get('/api/v1/admin/mail').set('Authorization', inspectorApi).expect(403);
    await request(t.url).post('/api/v1/admin/mail/resend-parked').set('Authorization', inspectorApi).expect(403);
    await request(t.url).get('/api/v1/admin/mail').expect(401);
    const overview = await request(t.url)
      .get('/api/v1/admin/mail')
      .set('Authorization', await bearer(t, admin))
      .expect(200);
    expect(overview.body.snapshot).toMatchObject({ parked: 0 });
  });
});
