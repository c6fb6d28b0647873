import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { bearer, csrfOf, pageSession } from './support/pages';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');

/**
 * Issue 5, retention: a closed case gets its retention date from the outcome's policy; admins
 * change policies for later closings; supervisors hear 30 days ahead and can extend with a
 * reason; `retention:purge --now` destroys content and every key of expired cases (crypto-
 * shredding), the receipt stops working, each purge is audited, and the statistics' metadata
 * stays exactly as it was.
 */
describe('Retention', () => {
  const clock = new FixedClock(new Date('2026-01-05T02:00:00Z')); // Monday 5 January 2026, 10:00 WITA
  let t: TestApp;
  const who: Record<string, { id: string; email: string; password: string }> = {};
  const auth: Record<string, string> = {};
  let rejected = { id: '', receipt: '' };
  let kept = { id: '', receipt: '' };
  const SECRET = 'ISI-RAHASIA-RETENSI-4417';

  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'warn' } });
  const file = async (extra: Record<string, string>) => {
    const res = await request(t.url)
      .post('/api/v1/reports')
      .field({ category: 'corruption', opd: 'DUKCAPIL', title: 'Pungutan', description: `${SECRET} petugas meminta uang untuk KTP.`, consent: 'yes', ...extra })
      .attach('attachments', Buffer.from(`%PDF-1.4\n${SECRET}\n%%EOF\n`), 'bukti.pdf')
      .expect(201);
    const [{ id }] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY number DESC LIMIT 1`);
    return { id, receipt: res.body.receipt as string };
  };
  const close = (id: string, outcome: string) =>
    request(t.url)
      .post(`/api/v1/cases/${id}/transition`)
      .set('Authorization', auth.supervisor)
      .send({ to: 'closed', reason: 'Selesai diperiksa', outcome, summary: 'Hasil pemeriksaan telah disampaikan.' })
      .expect(200);
  const retainUntil = async (id: string) => (await t.db.query<{ retain_until: Date | null }>(`SELECT retain_until FROM cases WHERE id = $1`, [id]))[0].retain_until;
  const metadata = () =>
    t.db.query(`SELECT category_code, opd_code, channel, anonymous, status, outcome, track, submitted_at, number,
                       (SELECT json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'at', h.at) ORDER BY h.id) FROM case_status_history h WHERE h.case_id = c.id) AS history
                  FROM cases c ORDER BY number`);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    for (const role of [Role.Supervisor, Role.Inspector, Role.Custodian, Role.Admin]) {
      who[role] = await t.createStaff([role]);
      auth[role] = await bearer(t, who[role]);
    }
    rejected = await file({ anonymous: 'no', reporter_name: 'Pelapor Retensi', reporter_phone: '081200000001' });
    kept = await file({ anonymous: 'yes' });
    await request(t.url)
      .post(`/api/v1/cases/${rejected.id}/messages`)
      .set('Authorization', auth.supervisor)
      .send({ body: `${SECRET} pertanyaan` })
      .expect(201);
    await request(t.url)
      .post(`/api/v1/cases/${rejected.id}/notes`)
      .set('Authorization', auth.supervisor)
      .send({ body: `${SECRET} catatan` })
      .expect(201);
  });
  afterAll(() => t?.close());

  it('gives a closed case its retention date by outcome, and a reopened one none', async () => {
    await close(rejected.id, 'rejected');
    await request(t.url).post(`/api/v1/cases/${kept.id}/transition`).set('Authorization', auth.supervisor).send({ to: 'verifying', reason: 'Mulai' }).expect(200);
    await request(t.url).post(`/api/v1/cases/${kept.id}/transition`).set('Authorization', auth.supervisor).send({ to: 'investigating', reason: 'Cukup bukti', track: 'complaint' }).expect(200);
    await close(kept.id, 'substantiated');
    expect(await retainUntil(rejected.id)).toEqual(new Date('2027-01-05T02:00:00Z'));
    expect(await retainUntil(kept.id)).toEqual(new Date('2031-01-05T02:00:00Z'));
    const reopened = await request(t.url).post(`/api/v1/cases/${kept.id}/transition`).set('Authorization', auth.supervisor).send({ to: 'verifying', reason: 'Bukti baru' });
    expect(reopened.status).toBe(200);
    expect(await retainUntil(kept.id)).toBeNull();
    await request(t.url).post(`/api/v1/cases/${kept.id}/transition`).set('Authorization', auth.supervisor).send({ to: 'investigating', reason: 'Lanjut', track: 'complaint' }).expect(200);
    await close(kept.id, 'substantiated');
  });

  it('lets admins change a policy for later closings, and refuses bad values without storing them', async () => {
    for (const [outcome, years] of [
      ['rejected', 0],
      ['rejected', 51],
      ['rejected', 'dua'],
      ['lost', 2],
    ] as const) {
      const res = await request(t.url).put(`/api/v1/admin/retention-policies/${outcome}`).set('Authorization', auth.admin).send({ years }).expect(400);
      expect(res.body.errors[0].field).toBe(outcome === 'lost' ? 'outcome' : 'years');
    }
    await request(t.url).put('/api/v1/admin/retention-policies/rejected').set('Authorization', auth.supervisor).send({ years: 2 }).expect(403);
    expect((await request(t.url).get('/api/v1/admin/retention-policies').set('Authorization', auth.admin).expect(200)).body).toContainEqual(expect.objectContaining({ outcome: 'rejected', years: 1 }));
    await request(t.url).put('/api/v1/admin/retention-policies/rejected').set('Authorization', auth.admin).send({ years: 2 }).expect(200);
    expect(await retainUntil(rejected.id)).toEqual(new Date('2027-01-05T02:00:00Z')); // unchanged: closed before
    const { agent } = await pageSession(t, who.admin.email, who.admin.password);
    const page = await agent.get('/staff/admin/retention').expect(200);
    expect(page.text).toContain('value="2"');
    await agent
      .post('/staff/admin/retention/duplicate')
      .type('form')
      .send({ _csrf: csrfOf(page.text), years: '0' })
      .expect(400);
    await request(t.url).put('/api/v1/admin/retention-policies/rejected').set('Authorization', auth.admin).send({ years: 1 }).expect(200);
  });

  it('tells the supervisors 30 days ahead, once per retention date', async () => {
    const first = await cli('retention:purge', '--now', '2026-12-20T09:00:00+08:00', '--force');
    expect(first.stdout).toContain('1 cases noticed');
    expect(first.stdout).toContain('0 purged');
    const queued = await t.db.query<{ staff_id: string }>(`SELECT staff_id FROM mail_queue WHERE notice = 'retention-expiring'`);
    expect(queued.map((q) => q.staff_id)).toEqual([who.supervisor.id]);
    const again = await cli('retention:purge', '--now', '2026-12-21T09:00:00+08:00', '--force');
    expect(again.stdout).toContain('0 cases noticed');
  });

  it('lets a supervisor extend a closed case with a reason, and refuses without one', async () => {
    await request(t.url).post(`/api/v1/cases/${rejected.id}/retention/extend`).set('Authorization', auth.supervisor).send({ years: 1, reason: '' }).expect(400);
    await request(t.url).post(`/api/v1/cases/${rejected.id}/retention/extend`).set('Authorization', auth.supervisor).send({ years: 11, reason: 'Masih di APH' }).expect(400);
    await request(t.url).post(`/api/v1/cases/${rejected.id}/retention/extend`).set('Authorization', auth.inspector).send({ years: 1, reason: 'Masih di APH' }).expect(403);
    expect(await retainUntil(rejected.id)).toEqual(new Date('2027-01-05T02:00:00Z'));
    const res = await request(t.url).post(`/api/v1/cases/${rejected.id}/retention/extend`).set('Authorization', auth.supervisor).send({ years: 1, reason: 'Masih dalam proses di APH' }).expect(200);
    expect(new Date(res.body.retainUntil)).toEqual(new Date('2028-01-05T02:00:00Z'));
    const view = await request(t.url).get(`/api/v1/cases/${rejected.id}/retention`).set('Authorization', auth.supervisor).expect(200);
    expect(view.body.extensions).toEqual([expect.objectContaining({ reason: 'Masih dalam proses di APH' })]);
    expect(JSON.stringify(await t.db.query(`SELECT * FROM retention_extensions`))).not.toContain('Masih dalam proses');
    // The new date gets its own notice in time.
    const notice = await cli('retention:purge', '--now', '2027-12-15T09:00:00+08:00', '--force');
    expect(notice.stdout).toContain('1 cases noticed');
  });

  it('purges expired cases: keys and content gone, receipt dead, audited, metadata for statistics unchanged', async () => {
    // The reporter's rating is statistics and stays; their comment is content and goes.
    await t.db.query(`INSERT INTO reporter_feedback (case_id, rating, comment_sealed, given_at) VALUES ($1, 2, '\\x0102', now())`, [rejected.id]);
    const before = await metadata();
    const casesBefore = await t.db.query(`SELECT * FROM cases ORDER BY number`);
    // Ahead of the real clock: refused unless forced; a dry run only names what it would do.
    await expect(cli('retention:purge', '--now', '2028-01-06T09:00:00+08:00')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--dry-run') });
    const dry = await cli('retention:purge', '--now', '2028-01-06T09:00:00+08:00', '--dry-run');
    const [{ number }] = await t.db.query<{ number: string }>(`SELECT number FROM cases WHERE id = $1`, [rejected.id]);
    expect(dry.stdout).toContain('nothing written: 0 cases would be noticed, 1 purged');
    expect(dry.stdout).toContain(`purge   ${number}`);
    expect(await t.db.query(`SELECT * FROM cases ORDER BY number`)).toEqual(casesBefore);
    const startedAt = new Date();
    const out = await cli('retention:purge', '--now', '2028-01-06T09:00:00+08:00', '--force');
    expect(out.stderr).toContain('WARNING: --now');
    expect(out.stdout).toContain('1 purged');
    expect(await t.db.query(`SELECT 1 FROM case_keys WHERE case_id = $1`, [rejected.id])).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM case_attachments WHERE case_id = $1`, [rejected.id])).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM case_messages WHERE case_id = $1 UNION ALL SELECT 1 FROM case_notes WHERE case_id = $1`, [rejected.id])).toEqual([]);
    expect(await t.db.query(`SELECT rating, comment_sealed FROM reporter_feedback WHERE case_id = $1`, [rejected.id])).toEqual([{ rating: 2, comment_sealed: null }]);
    const [c] = await t.db.query<{ report: Buffer; identity: Buffer | null; title: Buffer | null; purged_at: Date }>(`SELECT report, identity, title, purged_at FROM cases WHERE id = $1`, [
      rejected.id,
    ]);
    // Purged now, on the real clock, for a retention that ended by the reference time.
    expect(c).toEqual({ report: Buffer.alloc(0), identity: null, title: null, purged_at: expect.any(Date) });
    expect(c.purged_at >= startedAt && c.purged_at <= new Date()).toBe(true);
    expect(await metadata()).toEqual(before);

    await request(t.url).post('/api/v1/track').send({ receipt: rejected.receipt }).expect(401);
    const supervisor = await bearer(t, who.supervisor);
    const gone = await request(t.url).get(`/api/v1/cases/${rejected.id}`).set('Authorization', supervisor).expect(410);
    expect(gone.body.code).toBe('case_purged');
    await request(t.url).get(`/api/v1/cases/${kept.id}`).set('Authorization', supervisor).expect(200);
    await request(t.url).post('/api/v1/track').send({ receipt: kept.receipt }).expect(200);
    const inbox = await request(t.url).get('/api/v1/cases').set('Authorization', supervisor).expect(200);
    expect(inbox.body.items.find((i: { id: string }) => i.id === rejected.id)).toMatchObject({ title: null, status: 'closed' });

    const [entry] = await t.db.query<{ actor_type: string; detail: string; at: Date }>(`SELECT actor_type, detail, at FROM audit_log WHERE action = 'case.purged' AND case_id = $1`, [rejected.id]);
    expect(entry.actor_type).toBe('system');
    expect(JSON.parse(entry.detail)).toMatchObject({ outcome: 'rejected', keysDestroyed: 2, attachmentsDestroyed: 1, asOf: '2028-01-06T01:00:00.000Z' });
    expect(entry.at >= startedAt && entry.at <= new Date()).toBe(true);
    const again = await cli('retention:purge', '--now', '2028-01-07T09:00:00+08:00', '--force');
    expect(again.stdout).toContain('0 purged');
  });
});
