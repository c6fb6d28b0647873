import request from 'supertest';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { AUTHOR, mentionsAuthor, pdfkitDocument } from './support/documents';
import { untilIdle } from './support/idle';
import { bearer, csrfOf, pageSession, postReceiptForm } from './support/pages';

/**
 * Issue 15: letters, phone calls and walk-ins as first-class reports (the received-on date drives
 * the SLA, the letter's number and date are sealed, scans are encrypted attachments, the recorder
 * is audited, the receipt names the case), and the inbox that shows them (assignees, OPD, working
 * days left over holidays, verifying cases, search by case number).
 */
describe('offline intake and the inbox', () => {
  // Friday 27 November 2026, 13:30 WITA.
  const clock = new FixedClock(new Date('2026-11-27T05:30:00Z'));
  let t: TestApp;
  let supervisor: { id: string; email: string; password: string };
  let inspector: { id: string; email: string; password: string };
  const auth: Record<string, string> = {};
  const LETTER_NUMBER = 'SRT-700/4471/DIKBUD/2026';
  let letterCaseId = '';
  let letterNumber = '';
  let letterReceipt = '';

  const signIn = async () => {
    auth.supervisor = await bearer(t, supervisor);
    auth.inspector = await bearer(t, inspector);
  };
  const caseCount = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`))[0].n);
  const report = {
    category: 'illegal_levy',
    opd: 'DIKBUD',
    title: 'Pungutan seragam sekolah',
    description: 'Surat dari wali murid: sekolah meminta Rp 750.000 untuk seragam yang seharusnya gratis.',
    anonymous: 'yes',
    consent: 'yes',
  };

  async function recordOffline(fields: Record<string, string>, files: { name: string; data: Buffer }[] = []) {
    const { agent } = await pageSession(t, supervisor.email, supervisor.password);
    const form = await agent.get('/staff/reports/new').expect(200);
    let req = agent.post('/staff/reports/new').field('_csrf', csrfOf(form.text));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const f of files) req = req.attach('attachments', f.data, f.name);
    return req;
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { RATE_LIMIT_LOGIN: '1000' } });
    supervisor = await t.createStaff([Role.Supervisor]);
    inspector = await t.createStaff([Role.Inspector]);
    await t.createStaff([Role.Custodian]);
    await t.db.query(`UPDATE staff SET name = 'Budi Supervisor' WHERE id = $1`, [supervisor.id]);
    await t.db.query(`UPDATE staff SET name = 'Wa Ode Pemeriksa' WHERE id = $1`, [inspector.id]);
    await signIn();
  });
  afterAll(() => t.close());

  it('offers the received-on date (today by default) and the letter fields on the form', async () => {
    const { agent } = await pageSession(t, supervisor.email, supervisor.password);
    const form = await agent.get('/staff/reports/new').expect(200);
    expect(form.text).toMatch(/id="received_on" name="received_on"[^>]*value="2026-11-27"/);
    expect(form.text).toContain('id="letter_number"');
    expect(form.text).toContain('id="letter_date"');
  });

  it('refuses a received-on date in the future, keeping the input and storing nothing', async () => {
    const before = await caseCount();
    const res = await recordOffline({ ...report, channel: 'letter', received_on: '28/11/2026', letter_number: LETTER_NUMBER }, [{ name: 'surat.pdf', data: await pdfkitDocument() }]);
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="received_on-error"');
    expect(res.text).toContain('Tanggal diterima tidak boleh di masa depan.');
    expect(res.text).toContain('value="28/11/2026"');
    expect(res.text).toContain(`value="${LETTER_NUMBER}"`);
    expect(await caseCount()).toBe(before);
    expect((await t.db.query(`SELECT 1 FROM case_attachments`)).length).toBe(0);

    const late = await recordOffline({ ...report, channel: 'letter', received_on: '20/11/2026', letter_date: '21/11/2026' });
    expect(late.status).toBe(400);
    expect(late.text).toContain('id="letter_date-error"');
    const old = await recordOffline({ ...report, channel: 'phone', received_on: '01/01/2025' });
    expect(old.status).toBe(400);
    expect(old.text).toContain('id="received_on-error"');
    expect(await caseCount()).toBe(before);
  });

  it('records a letter received ten working days ago: its deadline counts from then, and the receipt names the case', async () => {
    const scan = await pdfkitDocument();
    expect(mentionsAuthor(scan)).toBe(true);
    const res = await recordOffline({ ...report, channel: 'letter', received_on: '13/11/2026', letter_number: LETTER_NUMBER, letter_date: '10/11/2026' }, [{ name: 'pindaian-surat.pdf', data: scan }]);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/id="receipt">[0-9A-Z]{4}-/);
    letterNumber = /id="case-number">(WBS-2026-\d{5})</.exec(res.text)![1];
    letterReceipt = /id="receipt">([^<]+)</.exec(res.text)![1];

    const [row] = await t.db.query<{ id: string; channel: string; received_on: string; recorded_by: string; submitted_at: Date }>(
      `SELECT id, channel, to_char(received_on, 'YYYY-MM-DD') AS received_on, recorded_by, submitted_at FROM cases WHERE number = $1`,
      [letterNumber],
    );
    letterCaseId = row.id;
    expect(row).toMatchObject({ channel: 'letter', received_on: '2026-11-13', recorded_by: supervisor.id, submitted_at: clock.now() });
    // Friday 13 November, day 0; three working days: 16, 17, 18 November. Started at 00:00 WITA that day.
    const [verification] = await t.db.query<{ started_at: Date; due_at: Date }>(`SELECT started_at, due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'verification'`, [row.id]);
    expect(verification).toEqual({ started_at: new Date('2026-11-12T16:00:00Z'), due_at: new Date('2026-11-18T15:59:59.999Z') });

    const detail = await request(t.url).get(`/api/v1/cases/${row.id}`).set('Authorization', auth.supervisor).expect(200);
    expect(detail.body.deadlines[0]).toMatchObject({ kind: 'verification', overdue: true, daysLeft: -7, unit: 'working' });
    expect(detail.body.offline).toEqual({ receivedOn: '2026-11-13', recordedBy: 'Budi Supervisor' });
    expect(detail.body.report.letter).toEqual({ number: LETTER_NUMBER, date: '2026-11-10' });
    const page = await request(t.url).get(`/staff/cases/${row.id}`).set('Authorization', auth.supervisor).expect(200);
    expect(page.text).toContain(`<dd id="letter-number">${LETTER_NUMBER}</dd>`);
    expect(page.text).toMatch(/<dd id="received-on">13 Nov 2026/);
    expect(page.text).toContain('lewat 7 hari kerja');
  });

  it('shows the reporter on /track the date the letter was received, in both languages, and not who recorded it', async () => {
    const agent = request.agent(t.url);
    expect((await postReceiptForm(agent, letterReceipt)).status).toBe(303);
    const id = await agent.get('/track/case').expect(200);
    expect(id.text).toMatch(/<dt>Diterima pada<\/dt><dd>13 Nov 2026<\/dd>/);
    expect(id.text).not.toContain('Budi Supervisor');
    const en = await agent.get('/track/case?lang=en').expect(200);
    expect(en.text).toMatch(/<dt>Received on<\/dt><dd>13 Nov 2026<\/dd>/);
  });

  it('opens a case by its number in the address, however it is typed, among the cases the member may see', async () => {
    // Lower case, without the leading zeros, spaces around a dash (case-reference.ts).
    const typed = encodeURIComponent(letterNumber.toLowerCase().replace(/-0+/, ' - '));
    const moved = await request(t.url).get(`/staff/cases/${typed}?lang=en`).set('Authorization', auth.supervisor).expect(303);
    expect(moved.headers.location).toBe(`/staff/cases/${letterCaseId}?lang=en`);
    const page = await request(t.url).get(`/staff/cases/${letterNumber}`).set('Authorization', auth.supervisor).expect(303);
    expect(page.headers.location).toBe(`/staff/cases/${letterCaseId}`);

    const unknown = await request(t.url).get('/staff/cases/WBS-2026-99999').set('Authorization', auth.supervisor).set('Accept', 'text/html').expect(404);
    expect(unknown.headers['content-type']).toMatch(/text\/html/);
    // An inspector learns of a number no more than the inbox's search tells them: only their own cases.
    // (The inspector is assigned to the letter only further on.)
    await request(t.url).get(`/staff/cases/${letterNumber}`).set('Authorization', auth.inspector).expect(404);
    // Anything else is still refused as before.
    await request(t.url).get('/staff/cases/surat-700').set('Authorization', auth.supervisor).expect(400);
  });

  it('seals the letter number: a dump of the database does not contain it', async () => {
    const tables = await t.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    for (const { table_name } of tables) {
      const [hit] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM "${table_name}" x WHERE position($1 in x::text) > 0 OR position($2 in x::text) > 0`, [
        LETTER_NUMBER,
        Buffer.from(LETTER_NUMBER).toString('hex'),
      ]);
      expect([table_name, hit.n]).toEqual([table_name, '0']);
    }
  });

  it('stores the scan as an encrypted attachment, cleaned, for the inspector assigned', async () => {
    const files = await t.db.query<{ id: string; uploaded_by: string }>(`SELECT id, uploaded_by FROM case_attachments WHERE case_id = $1`, [letterCaseId]);
    expect(files).toHaveLength(1);
    const [plain] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM case_attachment_chunks WHERE position('%PDF'::bytea in data) > 0 OR position($1::bytea in data) > 0`, [
      Buffer.from(AUTHOR),
    ]);
    expect(plain.n).toBe('0');

    await request(t.url).get(`/api/v1/cases/${letterCaseId}`).set('Authorization', auth.inspector).expect(404);
    await request(t.url).post(`/api/v1/cases/${letterCaseId}/assign`).set('Authorization', auth.supervisor).send({ inspectorId: inspector.id }).expect(201);
    const detail = await request(t.url).get(`/api/v1/cases/${letterCaseId}`).set('Authorization', auth.inspector).expect(200);
    expect(detail.body.attachments.map((a: { filename: string }) => a.filename)).toEqual(['pindaian-surat.pdf']);
    const file = await request(t.url)
      .get(`/staff/cases/${letterCaseId}/attachments/${files[0].id}`)
      .set('Authorization', auth.inspector)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const body = file.body as Buffer;
    expect(body.subarray(0, 4).toString()).toBe('%PDF');
    expect(mentionsAuthor(body)).toBe(false);
  });

  it('audits who recorded it, with the received-on date and nothing of the letter', async () => {
    await untilIdle({ db: t.db, app: t.app });
    const entries = await t.db.query<{ actor_type: string; actor_id: string; detail: string }>(
      `SELECT actor_type, actor_id, detail FROM audit_log WHERE action = 'intake.report-submitted' AND case_id = $1`,
      [letterCaseId],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_type: 'staff', actor_id: supervisor.id });
    expect(JSON.parse(entries[0].detail)).toMatchObject({ channel: 'letter', receivedOn: '2026-11-13' });
  });

  it('shows assignees, OPD and working days left in the inbox, overdue in words', async () => {
    const list = await request(t.url).get('/api/v1/cases').set('Authorization', auth.supervisor).expect(200);
    const item = list.body.items.find((i: { id: string }) => i.id === letterCaseId);
    expect(item).toMatchObject({
      opdCode: 'DIKBUD',
      receivedOn: '2026-11-13',
      assignees: [{ id: inspector.id, name: 'Wa Ode Pemeriksa' }],
      labels: [],
      deadline: { kind: 'verification', workingDaysLeft: -7, overdue: true },
      overdue: true,
    });
    const page = await request(t.url).get('/staff/cases').set('Authorization', auth.supervisor).expect(200);
    const at = page.text.indexOf(`>${letterNumber}</a>`);
    const row = page.text.slice(at, page.text.indexOf('</tr>', at));
    expect(row).toContain('Wa Ode Pemeriksa');
    expect(row).toContain('Dinas Pendidikan dan Kebudayaan');
    expect(row).toContain('13 Nov 2026'); // received, not typed in (27 Nov)
    expect(row).toContain('<strong class="error">Lewat tenggat: lewat 7 hari kerja</strong>');
    const en = await request(t.url).get('/staff/cases?lang=en').set('Authorization', auth.supervisor).expect(200);
    expect(en.text).toContain('Overdue: 7 working days late');
    // The inspector's inbox lists it with the same columns.
    const mine = await request(t.url).get('/api/v1/cases').set('Authorization', auth.inspector).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([letterCaseId]);
  });

  it('keeps counting the verification deadline while the case is being verified', async () => {
    await request(t.url).post(`/api/v1/cases/${letterCaseId}/transition`).set('Authorization', auth.supervisor).send({ to: 'verifying', reason: 'Surat lengkap' }).expect(200);
    const list = await request(t.url).get('/api/v1/cases?status=verifying').set('Authorization', auth.supervisor).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: letterCaseId, status: 'verifying', deadline: { kind: 'verification', workingDaysLeft: -7 } });
  });

  it('finds a case by its number, however it is typed', async () => {
    const typed = letterNumber.toLowerCase().replace(/-/g, ' ');
    const found = await request(t.url)
      .get(`/staff/cases?number=${encodeURIComponent(` ${typed} `)}`)
      .set('Authorization', auth.supervisor)
      .expect(200);
    expect(found.text).toContain(`>${letterNumber}</a>`);
    expect(found.text.match(/<tr>/g)).toHaveLength(2); // header and the one case
    const api = await request(t.url)
      .get(`/api/v1/cases?number=${encodeURIComponent(letterNumber)}`)
      .set('Authorization', auth.supervisor)
      .expect(200);
    expect(api.body.items.map((i: { id: string }) => i.id)).toEqual([letterCaseId]);

    const none = await request(t.url).get('/staff/cases?number=WBS-2026-99999').set('Authorization', auth.supervisor).expect(200);
    expect(none.text).toContain('Tidak ada perkara bernomor WBS-2026-99999 yang dapat Anda lihat.');

    const bad = await request(t.url).get('/staff/cases?number=surat%20700&lang=en').set('Authorization', auth.supervisor).expect(400);
    expect(bad.text).toContain('<span class="error" id="number-error">A case number is written like WBS-2026-00001.</span>');
    expect(bad.text).toContain('value="surat 700"');
    const badApi = await request(t.url).get('/api/v1/cases?number=surat').set('Authorization', auth.supervisor).expect(400);
    expect(badApi.body.errors.map((e: { field: string }) => e.field)).toEqual(['number']);
  });

  it('counts working days left over the year-end holidays', async () => {
    clock.set(new Date('2026-12-21T02:00:00Z')); // Monday 21 December, 10:00 WITA
    await signIn();
    const res = await recordOffline({ ...report, title: 'Telepon warga', channel: 'phone', received_on: '21/12/2026' });
    expect(res.status).toBe(200);
    const number = /id="case-number">(WBS-2026-\d{5})</.exec(res.text)![1];
    const item = (await request(t.url).get(`/api/v1/cases?number=${number}`).set('Authorization', auth.supervisor).expect(200)).body.items[0];
    // 22, 23 December; 24 and 25 are Christmas Eve (cuti bersama) and Christmas; then Monday 28.
    expect(item.deadline).toEqual({ kind: 'verification', dueAt: '2026-12-28T15:59:59.999Z', workingDaysLeft: 3, overdue: false });
    clock.set(new Date('2026-12-23T02:00:00Z')); // Wednesday 23 December
    await signIn();
    const later = (await request(t.url).get(`/api/v1/cases?number=${number}`).set('Authorization', auth.supervisor).expect(200)).body.items[0];
    expect(later.deadline.workingDaysLeft).toBe(1);
    const page = await request(t.url).get(`/staff/cases?number=${number}&lang=en`).set('Authorization', auth.supervisor).expect(200);
    expect(page.text).toContain('1 working days left');
  });
});
