import request from 'supertest';
import { HolidaysService } from '../src/cases/sla/holidays.service';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';

/** `request(url)[method](path)` as one call: split over lines, `[method]` would read as indexing the line before. */
const call = (url: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => request(url)[method](path);

/**
 * The admins' upkeep of the SLA rules on real PostgreSQL with a fixed clock: holidays (one by
 * one, a whole year from the SKB, confirmation), the warning while next year's list is missing,
 * and per-category policies, each seen through the deadline of a report filed after the change.
 */

const I18N_KEY = /\b(?:admin|holidays|sla_policy|http)\.[a-z0-9_]+\b/;

/** What Handlebars escaped, back to the text a reader sees. */
function text(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}

/** The end of a local (WITA, UTC+8) day, as stored for a deadline due that day. */
function endOfDayWita(date: string): Date {
  return new Date(Date.parse(`${date}T15:59:59.999Z`));
}

describe('SLA rules for admins: holidays and policies', () => {
  // Monday 6 April 2026, 08:00 WITA: three working days later is Thursday 9 April.
  const clock = new FixedClock(new Date('2026-04-06T00:00:00Z'));
  let t: TestApp;
  let admin: { id: string; email: string; password: string };
  let supervisor: { id: string; email: string; password: string };
  let inspector: { id: string; email: string; password: string };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_REPORT: '1000' } });
    admin = await t.createStaff([Role.Admin]);
    supervisor = await t.createStaff([Role.Supervisor]);
    inspector = await t.createStaff([Role.Inspector]);
    await t.createStaff([Role.Custodian]);
  });
  afterAll(async () => {
    if (process.env.WBS_TEST_SHOW_LOG)
      process.stderr.write(
        t
          .logs()
          .split('\n')
          .filter((l) => l.includes('"level":50'))
          .join('\n'),
      );
    await t.close();
  });

  /** A fresh sign-in: sessions go idle whenever the test moves the fixed clock. */
  async function bearer(member: { email: string; password: string }) {
    const res = await request(t.url).post('/api/v1/auth/login').send({ email: member.email, password: member.password }).expect(200);
    return { Authorization: `Bearer ${res.body.accessToken as string}` };
  }

  /** A browser stand-in signed in on the pages: session cookie, plus the CSRF token its forms carry. */
  async function pages(member: { email: string; password: string }) {
    const agent = request.agent(t.url);
    const form = await agent.get('/staff/login').expect(200);
    await agent
      .post('/staff/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: member.email, password: member.password })
      .expect(303);
    const csrf = csrfOf((await agent.get(member === admin ? '/staff/admin/holidays' : '/staff/cases').expect(200)).text);
    const post = (path: string, body: Record<string, string> = {}) =>
      agent
        .post(path)
        .type('form')
        .send({ _csrf: csrf, ...body });
    return { agent, post };
  }

  /** Files a report through the public API; returns the new case and its verification due time. */
  async function fileReport(category = 'corruption'): Promise<{ caseId: string; due: Date }> {
    await request(t.url)
      .post('/api/v1/reports')
      .send({ category, title: 'Dana kegiatan', description: 'Dana kegiatan kelurahan dicairkan tetapi kegiatannya tidak pernah dilaksanakan.', anonymous: true, consent: 'yes' })
      .expect(201);
    const [row] = await t.db.query<{ id: string; due_at: Date }>(
      `SELECT c.id, d.due_at FROM cases c JOIN case_deadlines d ON d.case_id = c.id AND d.kind = 'verification' ORDER BY c.number DESC LIMIT 1`,
    );
    return { caseId: row.id, due: row.due_at };
  }

  async function verificationDue(caseId: string): Promise<Date> {
    const [row] = await t.db.query<{ due_at: Date }>(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'verification'`, [caseId]);
    return row.due_at;
  }

  /** Everything these pages can change, as one comparable value. */
  async function rules() {
    const [row] = await t.db.query<Record<string, unknown>>(`SELECT
      (SELECT json_agg(h ORDER BY h.date) FROM holidays h) AS holidays,
      (SELECT json_agg(y ORDER BY y.year) FROM holiday_years y) AS holiday_years,
      (SELECT json_agg(p ORDER BY p.category_code) FROM sla_policies p) AS sla_policies,
      (SELECT count(*) FROM outbox WHERE type LIKE 'sla.%-changed') AS events`);
    return row;
  }

  async function lastEvent(type: string) {
    const [row] = await t.db.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM outbox WHERE type = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1`, [type]);
    return row?.payload;
  }

  describe('holidays', () => {
    it('moves the deadline of a report filed after a holiday is added, and back after it is deleted', async () => {
      const before = await fileReport();
      expect(before.due).toEqual(endOfDayWita('2026-04-09'));

      const { agent, post } = await pages(admin);
      const added = await post('/staff/admin/holidays', { date: '2026-04-08', kind: 'local', name: 'Libur daerah (uji)', view_year: '2026' }).expect(303);
      expect(added.headers.location).toBe('/staff/admin/holidays?year=2026&saved=1');
      const page = await agent.get(added.headers.location).expect(200);
      expect(page.text).toContain('Perubahan disimpan.');
      expect(page.text).toMatch(/<time datetime="2026-04-08">2026-04-08<\/time><\/th>\s*<td>Rabu<\/td>\s*<td>Libur daerah<\/td>\s*<td>Libur daerah \(uji\)<\/td>/);
      expect(await lastEvent('sla.holidays-changed')).toEqual({ year: 2026, actorId: admin.id, change: 'added', dates: ['2026-04-08'] });

      // Wednesday is off now: the third working day is Friday. The earlier case keeps its date.
      const after = await fileReport();
      expect(after.due).toEqual(endOfDayWita('2026-04-10'));
      expect(await verificationDue(before.caseId)).toEqual(endOfDayWita('2026-04-09'));

      await post('/staff/admin/holidays/2026-04-08/delete').expect(303).expect('Location', '/staff/admin/holidays?year=2026&saved=1');
      expect(await t.db.query(`SELECT 1 FROM holidays WHERE date = '2026-04-08'`)).toEqual([]);
      expect((await fileReport()).due).toEqual(endOfDayWita('2026-04-09'));
      expect(await verificationDue(after.caseId)).toEqual(endOfDayWita('2026-04-10'));
    });

    it("shows one holiday's errors beside its fields on the page, storing nothing", async () => {
      const { post } = await pages(admin);
      const before = await rules();
      const duplicate = await post('/staff/admin/holidays', { date: '2026-08-17', kind: 'national', name: 'Lagi', view_year: '2026' }).expect(409);
      expect(text(duplicate.text)).toMatch(/<span class="error" id="date-error">Tanggal ini sudah terdaftar sebagai hari libur: Proklamasi Kemerdekaan RI.<\/span>/);
      expect(duplicate.text).toContain('aria-describedby="date-error"');
      const bad = await post('/staff/admin/holidays', { date: '2026-02-30', kind: 'libur', name: 'X', view_year: '2026' }).expect(400);
      for (const field of ['date', 'kind', 'name']) expect(bad.text).toContain(`id="${field}-error"`);
      expect(bad.text).toContain('value="2026-02-30"');
      expect(bad.text).not.toMatch(I18N_KEY);
      expect(await rules()).toEqual(before);
    });

    it('serves the JSON API: list, add, delete; 400, 404 and 409 with field errors', async () => {
      const auth = await bearer(admin);
      const list = await request(t.url).get('/api/v1/admin/holidays?year=2026').set(auth).expect(200);
      expect(list.body).toMatchObject({ year: 2026, confirmation: { source: expect.stringContaining('SKB') }, warning: null });
      expect(list.body.holidays).toHaveLength(25);
      expect(list.body.holidays[0]).toEqual({ date: '2026-01-01', weekday: 4, kind: 'national', name: 'Tahun Baru 2026 Masehi' });
      expect(list.body.years).toEqual([2026, 2027]);
      expect((await request(t.url).get('/api/v1/admin/holidays').set(auth).expect(200)).body.year).toBe(2026);

      const before = await rules();
      const taken = await request(t.url).post('/api/v1/admin/holidays').set(auth).send({ date: '2026-08-17', kind: 'national', name: 'Kembar' }).expect(409);
      expect(taken.body.errors).toEqual([{ field: 'date', message: 'Tanggal ini sudah terdaftar sebagai hari libur: Proklamasi Kemerdekaan RI.' }]);
      const bad = await request(t.url).post('/api/v1/admin/holidays').set(auth).send({ date: '17-08-2026', kind: 'holiday', name: 7 }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['date', 'kind', 'name']);
      for (const e of bad.body.errors) expect(e.message).not.toMatch(I18N_KEY);
      await request(t.url).get('/api/v1/admin/holidays?year=zz').set(auth).expect(400);
      await request(t.url).get('/api/v1/admin/holidays?year=2026&year=2027').set(auth).expect(400);
      await request(t.url).get('/api/v1/admin/holidays?year=1999').set(auth).expect(400);
      await request(t.url).delete('/api/v1/admin/holidays/2026-04-07').set(auth).expect(404);
      await request(t.url).delete('/api/v1/admin/holidays/yesterday').set(auth).expect(400);
      expect(await rules()).toEqual(before);

      // A weekend date is accepted silently, and the Indonesian word for the kind too.
      const added = await request(t.url).post('/api/v1/admin/holidays').set(auth).send({ date: '2026-11-01', kind: 'lokal', name: ' Hari uji ' }).expect(201);
      expect(added.body).toEqual({ date: '2026-11-01', weekday: 0, kind: 'local', name: 'Hari uji' });
      expect((await request(t.url).delete('/api/v1/admin/holidays/2026-11-01').set(auth).expect(200)).body).toEqual(added.body);
      expect(await t.db.query(`SELECT 1 FROM holidays WHERE date = '2026-11-01'`)).toEqual([]);
    });

    describe('a whole year from the SKB', () => {
      const ok = ['2027-01-01 nasional Tahun Baru 2027 Masehi', '2027-03-10 cuti Cuti bersama (uji)', '2027-08-17 national Proklamasi Kemerdekaan RI'];

      it.each([
        ['a date that does not exist', [ok[0], '2027-02-30 nasional Tanggal salah'], 'SKB 1/2026', /Baris 2: "2027-02-30" bukan tanggal yang ada/],
        ['a mix of years', [ok[0], '2028-01-01 nasional Tahun Baru 2028'], 'SKB 1/2026', /Baris 2: tanggal tahun 2028, padahal daftar ini untuk tahun 2027/],
        ['an unknown kind', ['2027-01-01 libur Tahun Baru', ok[1]], 'SKB 1/2026', /Baris 1: jenis "libur" tidak dikenal/],
        ['a date given twice', [...ok, '2027-01-01 cuti Tahun Baru lagi'], 'SKB 1/2026', /Baris 4: tanggal 2027-01-01 sudah ada di baris 1\./],
        ['a line without a kind and a name', [ok[0], '2027-05-01'], 'SKB 1/2026', /Baris 2: tulis tanggal, jenis dan nama/],
        ['no source', ok, ' ', /<span class="error" id="source-error">Sebutkan sumbernya/],
      ])('refuses %s, names the problem, and stores nothing', async (_name, lines, source, message) => {
        const { post } = await pages(admin);
        const before = await rules();
        const res = await post('/staff/admin/holidays/bulk', { lines: lines.join('\n'), source, view_year: '2026' }).expect(400);
        expect(text(res.text)).toMatch(message);
        expect(res.text).toContain('Daftar tidak disimpan.');
        // What was typed comes back to be corrected.
        expect(text(res.text)).toContain(lines[0]);
        expect(res.text).not.toMatch(I18N_KEY);
        expect(await rules()).toEqual(before);
      });

      it('warns from 1 October while next year is missing, until its list is entered', async () => {
        const holidays = t.app.get(HolidaysService);
        expect(await holidays.calendarWarning(new Date('2026-09-30T15:59:59Z'))).toBeNull(); // 30 September, 23:59:59 WITA
        expect(await holidays.calendarWarning(new Date('2026-09-30T16:00:00Z'))).toEqual({ year: 2027 }); // 1 October, 00:00 WITA

        clock.set(new Date('2026-10-01T01:00:00Z')); // Thursday 1 October, 09:00 WITA
        const banner = /<p class="warn" role="alert">Daftar hari libur tahun 2027 belum dimasukkan\./;
        const inbox = await request(t.url)
          .get('/staff/cases')
          .set(await bearer(supervisor))
          .expect(200);
        expect(inbox.text).toMatch(banner);
        expect(inbox.text).not.toContain('/staff/admin'); // only admins get the link to the fix
        expect(
          (
            await request(t.url)
              .get('/staff/cases')
              .set(await bearer(inspector))
              .expect(200)
          ).text,
        ).not.toMatch(banner);
        const { agent, post } = await pages(admin);
        const page = await agent.get('/staff/admin/holidays').expect(200);
        expect(page.text).toMatch(banner);
        expect(page.text).toContain('href="/staff/admin/holidays?year=2027#bulk"');

        const stored = await post('/staff/admin/holidays/bulk', { lines: ['# SKB 2027', ...ok].join('\r\n'), source: ' SKB uji 2027 ', view_year: '2026' }).expect(303);
        expect(stored.headers.location).toBe('/staff/admin/holidays?year=2027&saved=1');
        expect(await t.db.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM holidays WHERE date >= '2027-01-01' ORDER BY date`)).toEqual([
          { date: '2027-01-01', kind: 'national' },
          { date: '2027-03-10', kind: 'cuti_bersama' },
          { date: '2027-08-17', kind: 'national' },
        ]);
        expect(await t.db.query(`SELECT source, confirmed_at, confirmed_by FROM holiday_years WHERE year = 2027`)).toEqual([
          { source: 'SKB uji 2027', confirmed_at: clock.now(), confirmed_by: admin.id },
        ]);
        expect(await lastEvent('sla.holidays-changed')).toEqual({
          year: 2027,
          actorId: admin.id,
          change: 'replaced',
          dates: ['2027-01-01', '2027-03-10', '2027-08-17'],
          source: 'SKB uji 2027',
        });

        expect(await holidays.calendarWarning(clock.now())).toBeNull();
        expect(
          (
            await request(t.url)
              .get('/staff/cases')
              .set(await bearer(supervisor))
              .expect(200)
          ).text,
        ).not.toMatch(banner);
        const year2027 = await agent.get(stored.headers.location).expect(200);
        expect(year2027.text).not.toMatch(banner);
        expect(text(year2027.text)).toContain('Daftar dikonfirmasi dari: SKB uji 2027');

        // Entering the year again replaces it whole, 2026 untouched.
        const count2026 = await t.db.query(`SELECT count(*)::int AS n FROM holidays WHERE date < '2027-01-01'`);
        await post('/staff/admin/holidays/bulk', { lines: ok[2], source: 'SKB uji 2027 (revisi)' }).expect(303);
        expect(await t.db.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM holidays WHERE date >= '2027-01-01'`)).toEqual([{ date: '2027-08-17' }]);
        expect(await t.db.query(`SELECT count(*)::int AS n FROM holidays WHERE date < '2027-01-01'`)).toEqual(count2026);
      });

      it('confirms a year entered one by one, and forgets the confirmation with its last holiday', async () => {
        const auth = await bearer(admin);
        const { agent, post } = await pages(admin);
        await request(t.url).post('/api/v1/admin/holidays').set(auth).send({ date: '2028-01-01', kind: 'national', name: 'Tahun Baru 2028' }).expect(201);
        const unconfirmed = await agent.get('/staff/admin/holidays?year=2028').expect(200);
        expect(unconfirmed.text).toContain('Daftar tahun 2028 belum dikonfirmasi');
        expect(unconfirmed.text).toContain('action="/staff/admin/holidays/confirm"');

        const before = await rules();
        const noSource = await post('/staff/admin/holidays/confirm', { year: '2028', source: '', view_year: '2028' }).expect(400);
        expect(noSource.text).toContain('id="source-error"');
        const empty = await post('/staff/admin/holidays/confirm', { year: '2029', source: 'SKB 2029', view_year: '2029' }).expect(409);
        expect(empty.text).toContain('Tahun 2029 belum memiliki hari libur');
        expect(await rules()).toEqual(before);

        await post('/staff/admin/holidays/confirm', { year: '2028', source: 'SKB uji 2028', view_year: '2028' }).expect(303).expect('Location', '/staff/admin/holidays?year=2028&saved=1');
        expect(await t.db.query(`SELECT source, confirmed_by FROM holiday_years WHERE year = 2028`)).toEqual([{ source: 'SKB uji 2028', confirmed_by: admin.id }]);
        expect((await agent.get('/staff/admin/holidays?year=2028').expect(200)).text).not.toContain('action="/staff/admin/holidays/confirm"');

        await request(t.url).delete('/api/v1/admin/holidays/2028-01-01').set(auth).expect(200);
        expect(await t.db.query(`SELECT year FROM holiday_years WHERE year = 2028`)).toEqual([]);
      });
    });
  });

  describe('SLA policies', () => {
    // From Thursday 1 October 2026 (no holidays near): 3 working days is Tuesday 6, 5 is Thursday 8.
    beforeAll(() => clock.set(new Date('2026-10-01T01:00:00Z')));

    it("applies an edited policy to a new report's verification deadline, not to an existing case's", async () => {
      const existing = await fileReport('corruption');
      expect(existing.due).toEqual(endOfDayWita('2026-10-06'));

      const { agent, post } = await pages(admin);
      const list = await agent.get('/staff/admin/sla').expect(200);
      expect(list.text).toContain('berlaku untuk tenggat yang dimulai sesudahnya');
      expect(text(list.text)).toMatch(
        /<a href="\/staff\/admin\/sla\/corruption">[^<]+<\/a> <code>corruption<\/code><\/th>\s*<td>3 hari kerja<\/td>\s*<td>14 hari kerja<\/td>\s*<td>60 hari kerja<\/td>\s*<td>30 hari kalender<\/td>\s*<td><span class="status">bawaan<\/span>/,
      );

      await post('/staff/admin/sla/corruption', { verification_days: '5', complaint_days: '20', examination_days: '90', feedback_days: '14' })
        .expect(303)
        .expect('Location', '/staff/admin/sla/corruption?saved=1');
      expect(await lastEvent('sla.policy-changed')).toEqual({
        categoryCode: 'corruption',
        actorId: admin.id,
        change: 'set',
        verificationDays: 5,
        complaintDays: 20,
        examinationDays: 90,
        feedbackDays: 14,
      });
      const edited = await agent.get('/staff/admin/sla').expect(200);
      expect(text(edited.text)).toMatch(
        /<code>corruption<\/code><\/th>\s*<td>5 hari kerja<\/td>\s*<td>20 hari kerja<\/td>\s*<td>90 hari kerja<\/td>\s*<td>14 hari kalender<\/td>\s*<td><span class="status">khusus<\/span>/,
      );
      expect(text(edited.text)).toMatch(/<code>illegal_levy<\/code><\/th>\s*<td>3 hari kerja<\/td>[\s\S]*?<span class="status">bawaan<\/span>/);

      const later = await fileReport('corruption');
      expect(later.due).toEqual(endOfDayWita('2026-10-08'));
      const [feedback] = await t.db.query<{ calendar_days: number }>(`SELECT calendar_days FROM case_deadlines WHERE case_id = $1 AND kind = 'feedback'`, [later.caseId]);
      expect(feedback.calendar_days).toBe(14);
      expect(await verificationDue(existing.caseId)).toEqual(endOfDayWita('2026-10-06'));
      expect((await fileReport('illegal_levy')).due).toEqual(endOfDayWita('2026-10-06')); // other categories keep the default

      await post('/staff/admin/sla/corruption/reset').expect(303).expect('Location', '/staff/admin/sla/corruption?saved=1');
      expect(await t.db.query(`SELECT 1 FROM sla_policies`)).toEqual([]);
      expect((await fileReport('corruption')).due).toEqual(endOfDayWita('2026-10-06'));
      expect(await verificationDue(later.caseId)).toEqual(endOfDayWita('2026-10-08'));
    });

    it('serves the JSON API: list, set, reset; 404 for an unknown category', async () => {
      const auth = await bearer(admin);
      const set = await request(t.url).put('/api/v1/admin/sla-policies/illegal_levy').set(auth).send({ verification_days: 2, complaint_days: 10, examination_days: 40, feedback_days: 30 }).expect(200);
      expect(set.body).toMatchObject({ categoryCode: 'illegal_levy', isDefault: false, policy: { verificationDays: 2, complaintDays: 10, examinationDays: 40, feedbackDays: 30 } });
      const list = await request(t.url).get('/api/v1/admin/sla-policies').set(auth).expect(200);
      expect(list.body.find((p: { categoryCode: string }) => p.categoryCode === 'illegal_levy')).toMatchObject({ isDefault: false, policy: { verificationDays: 2 } });
      expect(list.body.find((p: { categoryCode: string }) => p.categoryCode === 'corruption')).toMatchObject({ isDefault: true, policy: { verificationDays: 3, feedbackDays: 30 } });
      const reset = await request(t.url).delete('/api/v1/admin/sla-policies/illegal_levy').set(auth).expect(200);
      expect(reset.body).toMatchObject({ isDefault: true, policy: { verificationDays: 3, complaintDays: 14, examinationDays: 60, feedbackDays: 30 } });

      // Resetting a category without an override changes nothing, and says nothing happened.
      const before = await rules();
      await request(t.url).delete('/api/v1/admin/sla-policies/corruption').set(auth).expect(200);
      await request(t.url).put('/api/v1/admin/sla-policies/no_such_category').set(auth).send({ verification_days: 2, complaint_days: 10, examination_days: 40, feedback_days: 30 }).expect(404);
      await request(t.url).delete('/api/v1/admin/sla-policies/no_such_category').set(auth).expect(404);
      await request(t.url).get('/staff/admin/sla/no_such_category').set(auth).expect(404);
      expect(await rules()).toEqual(before);
    });

    it('refuses out-of-range values with an error per field, storing nothing', async () => {
      const auth = await bearer(admin);
      const before = await rules();
      const res = await request(t.url)
        .put('/api/v1/admin/sla-policies/corruption')
        .set(auth)
        .send({ verification_days: 0, complaint_days: 251, examination_days: 'enam puluh', feedback_days: 31 })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'verification_days', message: 'Isi bilangan bulat 1–60 hari kerja.' },
        { field: 'complaint_days', message: 'Isi bilangan bulat 1–250 hari kerja.' },
        { field: 'examination_days', message: 'Isi bilangan bulat 1–250 hari kerja.' },
        { field: 'feedback_days', message: expect.stringMatching(/^Isi bilangan bulat 1–30 hari kalender/) },
      ]);
      const partial = await request(t.url).put('/api/v1/admin/sla-policies/corruption').set(auth).send({ verification_days: 2.5, complaint_days: true }).expect(400);
      expect(partial.body.errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`)).toEqual([
        'verification_days: Isi bilangan bulat 1–60 hari kerja.',
        'complaint_days: Isi bilangan bulat 1–250 hari kerja.',
        'examination_days: Wajib diisi.',
        'feedback_days: Wajib diisi.',
      ]);

      const { post } = await pages(admin);
      const page = await post('/staff/admin/sla/corruption', { verification_days: '61', complaint_days: '14', examination_days: '60', feedback_days: '45' }).expect(400);
      expect(text(page.text)).toContain('<span class="error" id="verification_days-error">Isi bilangan bulat 1–60 hari kerja.</span>');
      expect(page.text).toContain('id="feedback_days-error"');
      expect(page.text).not.toContain('id="complaint_days-error"');
      expect(page.text).toMatch(/id="verification_days" name="verification_days" value="61"[^>]*aria-invalid="true"/);
      expect(page.text).not.toMatch(I18N_KEY);
      expect(await rules()).toEqual(before);
    });
  });

  describe('access: admins only', () => {
    const holiday = { date: '2026-11-02', kind: 'local', name: 'Ditolak' };
    const policy = { verification_days: '2', complaint_days: '10', examination_days: '40', feedback_days: '20' };
    const endpoints: [method: 'get' | 'post' | 'put' | 'delete', path: string, body?: Record<string, string>][] = [
      ['get', '/api/v1/admin/holidays?year=2026'],
      ['post', '/api/v1/admin/holidays', holiday],
      ['delete', '/api/v1/admin/holidays/2026-08-17'],
      ['get', '/api/v1/admin/sla-policies'],
      ['put', '/api/v1/admin/sla-policies/corruption', policy],
      ['delete', '/api/v1/admin/sla-policies/corruption'],
      ['get', '/staff/admin/holidays'],
      ['get', '/staff/admin/holidays?year=2027'],
      ['post', '/staff/admin/holidays', holiday],
      ['post', '/staff/admin/holidays/bulk', { lines: '2029-01-01 nasional Tahun Baru 2029', source: 'SKB ditolak' }],
      ['post', '/staff/admin/holidays/confirm', { year: '2026', source: 'SKB ditolak' }],
      ['post', '/staff/admin/holidays/2026-08-17/delete'],
      ['get', '/staff/admin/sla'],
      ['get', '/staff/admin/sla/corruption'],
      ['post', '/staff/admin/sla/corruption', policy],
      ['post', '/staff/admin/sla/corruption/reset'],
    ];

    it('refuses supervisors, inspectors, auditors and custodians (403) on every page and endpoint, changing nothing', async () => {
      const before = await rules();
      for (const roles of [[Role.Supervisor], [Role.Inspector], [Role.Auditor], [Role.Custodian], [Role.Supervisor, Role.Inspector]]) {
        const auth = await bearer(await t.createStaff(roles));
        for (const [method, path, body] of endpoints) {
          const res = await call(t.url, method, path)
            .set(auth)
            .send(body ?? {});
          expect({ roles, method, path, status: res.status }).toEqual({ roles, method, path, status: 403 });
        }
      }
      // The same through a cookie session, CSRF token included.
      const { agent, post } = await pages(supervisor);
      await agent.get('/staff/admin/sla').expect(403);
      await post('/staff/admin/holidays', holiday).expect(403);
      await post('/staff/admin/sla/corruption', policy).expect(403);
      expect(await rules()).toEqual(before);
    });

    it('asks who is there when nobody is signed in, and refuses an admin form without its CSRF token', async () => {
      const before = await rules();
      for (const [method, path, body] of endpoints) {
        const res = await call(t.url, method, path).send(body ?? {});
        if (path.startsWith('/api/')) expect({ path, status: res.status }).toEqual({ path, status: 401 });
        else expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 303, location: '/staff/login' });
      }
      const { agent } = await pages(admin);
      await agent.post('/staff/admin/holidays').type('form').send(holiday).expect(403);
      await agent.post('/staff/admin/sla/corruption/reset').type('form').send({ _csrf: 'forged' }).expect(403);
      expect(await rules()).toEqual(before);
    });

    it('links both pages from the admin menu', async () => {
      const { agent } = await pages(admin);
      for (const path of ['/staff/admin/staff', '/staff/admin/categories', '/staff/admin/opds', '/staff/admin/holidays', '/staff/admin/sla']) {
        const page = await agent.get(`${path}?lang=en`).expect(200);
        expect(page.text).toContain('<a href="/staff/admin/holidays"');
        expect(page.text).toContain('<a href="/staff/admin/sla"');
        expect(page.text).not.toMatch(I18N_KEY);
      }
      const english = await agent.get('/staff/admin/holidays?year=2026&lang=en').expect(200);
      expect(english.text).toContain('Holidays of 2026');
      expect(english.text).toContain('<td>Thursday</td>');
    });
  });
});
