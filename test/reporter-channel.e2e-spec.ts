import { createHash } from 'node:crypto';
import request from 'supertest';
import sharp from 'sharp';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { postReceiptForm } from './support/pages';
import { binaryBody } from './support/binary-body';

/**
 * The reporter's channel end to end (issue 2): submit by form and API, receipt, supervisor
 * reads and replies, reporter tracks, answers and adds evidence; and what a copy of the
 * database or the log would give away (nothing).
 */
const MARK = {
  narrative: 'KOPI-PAHIT-7781 bendahara meminta setoran',
  name: 'Siti Rahmawati Lamaindi',
  email: 'siti.rahasia.9931@example.org',
  phone: '081299887766',
  file: 'GAMBAR-BUKTI-5521',
  reply: 'BALASAN-INSPEKTORAT-3310',
  answer: 'JAWABAN-PELAPOR-4412',
};

function report(extra: Record<string, unknown> = {}) {
  return {
    category: 'illegal_levy',
    opd: 'DUKCAPIL',
    title: 'Pungutan untuk pembuatan KTP',
    description: `${MARK.narrative}: setiap warga yang membuat KTP diminta membayar Rp 50.000 di loket 3, sejak Januari.`,
    anonymous: 'yes',
    consent: 'yes',
    ...extra,
  };
}

async function counts(t: TestApp) {
  const [row] = await t.db.query<Record<string, string>>(`SELECT
    (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_keys) AS keys,
    (SELECT count(*) FROM case_attachments) AS attachments, (SELECT count(*) FROM case_attachment_chunks) AS chunks,
    (SELECT count(*) FROM outbox) AS events, (SELECT count(*) FROM case_messages) AS messages`);
  return row;
}

async function login(t: TestApp, email: string, password: string): Promise<string> {
  const res = await request(t.url).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return res.body.accessToken as string;
}

describe('reporter channel', () => {
  let t: TestApp;
  let supervisor: { email: string; password: string };

  beforeAll(async () => {
    t = await startTestApp({
      env: { ATTACHMENT_MAX_FILE_MB: '1', ATTACHMENT_MAX_TOTAL_MB: '2', ATTACHMENT_MAX_FILES: '3', RATE_LIMIT_REPORT: '1000', RATE_LIMIT_TRACK: '1000', RATE_LIMIT_LOGIN: '1000' },
    });
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

  it('keeps intake closed until a supervisor and a custodian hold keys', async () => {
    const api = await request(t.url).post('/api/v1/reports').send(report()).expect(503);
    expect(api.body.code).toBe('intake_closed');
    const page = await request(t.url).get('/report').expect(503);
    expect(page.text).toContain('belum dibuka');
    supervisor = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    await request(t.url).get('/report').expect(200);
  });

  let receipt = '';
  let imageSha = '';

  it('accepts a report from the HTML form with an image, and shows the receipt once', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '3/1 58/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '122/1 31/1 0/1' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const form = report({ anonymous: 'no', reporter_name: MARK.name, reporter_email: MARK.email, reporter_phone: MARK.phone, strip_metadata: 'yes' });
    let req = request(t.url).post('/report');
    for (const [k, v] of Object.entries(form)) req = req.field(k, String(v));
    const res = await req.attach('attachments', jpeg, `${MARK.file}.jpg`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    receipt = /id="receipt">([0-9A-Z-]+)</.exec(res.text)![1];
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const [row] = await t.db.query<{ anonymous: boolean; status: string; channel: string }>(`SELECT anonymous, status, channel FROM cases`);
    expect(row).toEqual({ anonymous: false, status: 'received', channel: 'web' });
    const [event] = await t.db.query<{ type: string; payload: Record<string, unknown> }>(`SELECT type, payload FROM outbox`);
    expect(event.type).toBe('intake.report-submitted');
    expect(Object.keys(event.payload).sort()).toEqual(['anonymous', 'attachmentCount', 'caseId', 'categoryCode', 'channel', 'number', 'opdCode', 'submittedAt']);
  });

  it('accepts a report through the JSON API', async () => {
    const res = await request(t.url)
      .post('/api/v1/reports')
      .send({ ...report(), anonymous: true })
      .expect(201);
    expect(res.body.receipt).toMatch(/^[0-9A-Z]{4}-/);
    expect(new Date(res.body.submittedAt).getTime()).not.toBeNaN();
  });

  describe('bad input: a clear error, nothing stored', () => {
    let before: Record<string, string>;
    beforeEach(async () => {
      before = await counts(t);
    });
    afterEach(async () => {
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['missing fields', {}, ['category', 'title', 'description', 'anonymous', 'consent']],
      ['over-long title', report({ title: 'x'.repeat(201) }), ['title']],
      ['over-long description', report({ description: 'y'.repeat(20_001) }), ['description']],
      ['unknown category', report({ category: 'parking' }), ['category']],
      ['unknown OPD', report({ opd: 'NOPE' }), ['opd']],
      ['identified without a name or contact', report({ anonymous: false }), ['reporter_name', 'reporter_phone']],
      ['invalid e-mail and NIP', report({ anonymous: false, reporter_name: 'A', reporter_email: 'x@', reporter_nip: '123' }), ['reporter_nip', 'reporter_email']],
      ['no consent', report({ consent: 'no' }), ['consent']],
      ['a date in the future', report({ occurred_on: '2999-01-01' }), ['occurred_on']],
      ['a malformed date', report({ occurred_on: '2026-02-30' }), ['occurred_on']],
    ])('API: %s', async (_name, body, fields) => {
      const res = await request(t.url).post('/api/v1/reports').send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
      for (const e of res.body.errors) expect(e.message).not.toMatch(/^report\./); // translated, not a key
    });

    it('form: re-shows the input with the error beside its field', async () => {
      let req = request(t.url).post('/report');
      for (const [k, v] of Object.entries(report({ title: 'abc' }))) req = req.field(k, String(v));
      const res = await req.expect(400);
      expect(res.text).toContain('id="title-error"');
      expect(res.text).toContain(MARK.narrative); // the description the reporter typed is kept
    });

    it('stores HTML and script as text and never executes it', async () => {
      // Not rejected: the text is data. Checked on the supervisor page below.
      before = { ...before, cases: String(Number(before.cases) + 1), keys: String(Number(before.keys) + 1), events: String(Number(before.events) + 1) };
      await request(t.url)
        .post('/api/v1/reports')
        .send(report({ title: '<script>alert(1)</script> di kantor', anonymous: true }))
        .expect(201);
    });

    it('a file of a type not allowed: 415', async () => {
      const res = await request(t.url).post('/api/v1/reports').field(report()).attach('attachments', Buffer.from('MZ\x90\x00binary'), 'tool.exe').expect(415);
      expect(res.body.errors[0].field).toBe('attachments');
    });

    it('a file whose content does not match its name: 415', async () => {
      await request(t.url).post('/api/v1/reports').field(report()).attach('attachments', Buffer.from('%PDF-1.4\n%%EOF\n'), 'photo.jpg').expect(415);
    });

    it('a file over the limit: 413 naming the limit', async () => {
      const res = await request(t.url)
        .post('/api/v1/reports')
        .field(report())
        .attach('attachments', Buffer.alloc(1024 * 1024 + 10, 65), 'big.txt')
        .expect(413);
      expect(res.body.message).toMatch(/1 MB/);
    });

    it('an empty file: 400', async () => {
      await request(t.url).post('/api/v1/reports').field(report()).attach('attachments', Buffer.alloc(0), 'empty.txt').expect(400);
    });

    it('too many files: 400', async () => {
      let req = request(t.url).post('/api/v1/reports').field(report());
      for (let i = 0; i < 4; i++) req = req.attach('attachments', Buffer.from(`catatan ${i}`), `n${i}.txt`);
      await req.expect(400);
    });

    it('truncated multipart: 400', async () => {
      const body = '--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nPungutan liar di kantor\r\n--XYZ\r\nContent-Disposition: form-data; name="attachments"; filename="a.txt"\r\n\r\nabc';
      const res = await request(t.url).post('/api/v1/reports').set('Content-Type', 'multipart/form-data; boundary=XYZ').send(body).expect(400);
      expect(res.body.code).toBe('multipart_malformed');
    });

    it('invalid UTF-8 in JSON and in a form field: 400', async () => {
      const json = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
      const res = await fetch(`${t.url}/api/v1/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: json });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('invalid_utf8');
      const multipart = Buffer.concat([Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\r\n--XYZ--\r\n')]);
      const res2 = await request(t.url).post('/api/v1/reports').set('Content-Type', 'multipart/form-data; boundary=XYZ').send(multipart).expect(400);
      expect(res2.body.errors[0].field).toBe('title');
    });
  });

  let token = '';
  let caseId = '';

  it('lets the supervisor sign in, list and read the report, without the identity', async () => {
    token = await login(t, supervisor.email, supervisor.password);
    const list = await request(t.url).get('/api/v1/cases?limit=2').set('Authorization', `Bearer ${token}`).expect(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    const next = await request(t.url).get(`/api/v1/cases?limit=2&cursor=${list.body.nextCursor}`).set('Authorization', `Bearer ${token}`).expect(200);
    const all = [...list.body.items, ...next.body.items];
    expect(new Set(all.map((i: { id: string }) => i.id)).size).toBe(all.length);
    caseId = all.find((i: { anonymous: boolean }) => !i.anonymous).id;
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(detail.body.report.description).toContain(MARK.narrative);
    expect(JSON.stringify(detail.body)).not.toContain(MARK.name);
    expect(detail.body.attachments).toHaveLength(1);
    imageSha = detail.body.attachments[0].sha256;
  });

  it('decrypts the image on download, with the GPS data gone', async () => {
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${token}`).expect(200);
    const att = detail.body.attachments[0];
    const res = await request(t.url).get(`/staff/cases/${caseId}/attachments/${att.id}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binaryBody).expect(200);
    const meta = await sharp(res.body as Buffer).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(createHash('sha256').update(res.body).digest('hex')).toBe(imageSha);
  });

  it('shows script text as text on the staff page', async () => {
    const list = await request(t.url).get('/staff/cases').set('Authorization', `Bearer ${token}`).expect(200);
    expect(list.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list.text).not.toContain('<script>alert(1)</script>');
  });

  it('lets the supervisor reply, and the reporter read it with only the receipt', async () => {
    await request(t.url).post(`/api/v1/cases/${caseId}/messages`).set('Authorization', `Bearer ${token}`).send({ body: MARK.reply }).expect(201);
    const tolerant = receipt.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const session = await request(t.url).post('/api/v1/track').send({ receipt: tolerant }).expect(200);
    const view = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session.body.token}`).expect(200);
    expect(view.body.status).toBe('received');
    expect(view.body.messages).toEqual([expect.objectContaining({ from: 'inspectorate', body: MARK.reply })]);
    expect(JSON.stringify(view.body)).not.toMatch(/Staff supervisor/);
    await request(t.url)
      .post('/api/v1/track/messages')
      .set('Authorization', `Bearer ${session.body.token}`)
      .field('body', MARK.answer)
      .attach('attachments', Buffer.from('catatan tambahan'), 'tambahan.txt')
      .expect(201);
    const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${token}`).expect(200);
    const answer = detail.body.messages.find((m: { from: string }) => m.from === 'reporter');
    expect(answer.body).toBe(MARK.answer);
    expect(answer.attachments.map((a: { filename: string }) => a.filename)).toEqual(['tambahan.txt']);
  });

  it('tracks through the pages with one short-lived HttpOnly cookie', async () => {
    const agent = request.agent(t.url);
    const res = await postReceiptForm(agent, receipt);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/track\/case/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/wbs_track=.*HttpOnly.*SameSite=Strict/);
    const page = await agent.get('/track/case').expect(200);
    expect(page.text).toContain(MARK.reply);
    expect(page.text).toContain('Inspektorat');
    await agent.post('/track/messages').type('form').send({ body: 'Terima kasih' }).expect(303);
    await agent.post('/track/logout').expect(303);
    await agent.get('/track/case').expect(401);
  });

  it('answers every wrong receipt the same way', async () => {
    const answers = await Promise.all(
      ['0000-0000-0000-0000', 'abc', 'UUUU-UUUU-UUUU-UUUU', receipt.slice(0, -1) + (receipt.endsWith('A') ? 'B' : 'A'), ''].map((r) => request(t.url).post('/api/v1/track').send({ receipt: r })),
    );
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body).toEqual(answers[0].body);
    }
  });

  it('refuses a forged or expired reporter session', async () => {
    await request(t.url).get('/api/v1/track/case').set('Authorization', 'Bearer 00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(401);
    const session = await request(t.url).post('/api/v1/track').send({ receipt }).expect(200);
    const [id] = session.body.token.split('.');
    await t.db.query(`UPDATE reporter_sessions SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session.body.token}`).expect(401);
    const forgedKey = `${id}.${'B'.repeat(43)}`;
    await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${forgedKey}`).expect(401);
  });

  it('gives admins, auditors and custodians no case content (403), and an unassigned inspector nothing (404)', async () => {
    for (const role of [Role.Admin, Role.Auditor, Role.Custodian]) {
      const who = await t.createStaff([role]);
      const bearer = await login(t, who.email, who.password);
      const list = await request(t.url).get('/api/v1/cases').set('Authorization', `Bearer ${bearer}`);
      expect({ role, status: list.status, body: list.body }).toEqual({ role, status: 403, body: expect.objectContaining({ code: 'forbidden' }) });
      await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${bearer}`).expect(403);
      await request(t.url).get(`/staff/cases/${caseId}`).set('Authorization', `Bearer ${bearer}`).expect(403);
    }
    const inspector = await t.createStaff([Role.Inspector]);
    const bearer = await login(t, inspector.email, inspector.password);
    const list = await request(t.url).get('/api/v1/cases').set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(list.body.items).toEqual([]);
    await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${bearer}`).expect(404);
  });

  it('refuses a tampered token and a staff form without its CSRF token', async () => {
    const [h, p] = token.split('.');
    await request(t.url)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${h}.${p}.${'x'.repeat(43)}`)
      .expect(401);
    const agent = request.agent(t.url);
    const loginPage = await agent.get('/staff/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(loginPage.text)![1];
    const refused = await agent.post('/staff/login').type('form').send({ _csrf: 'forged', email: supervisor.email, password: supervisor.password }).expect(403);
    expect(refused.text).toContain('kedaluwarsa atau tidak sah');
    expect(csrf).not.toBe('forged');
    const fresh = /name="_csrf" value="([^"]+)"/.exec(refused.text)![1]; // each render issues a new token
    await agent.post('/staff/login').type('form').send({ _csrf: fresh, email: supervisor.email, password: supervisor.password }).expect(303);
    const before = await counts(t);
    await agent.post(`/staff/cases/${caseId}/messages`).type('form').send({ body: 'tanpa token' }).expect(403);
    const casePage = await agent.get(`/staff/cases/${caseId}`).expect(200);
    const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(casePage.text)![1];
    expect(await counts(t)).toEqual(before);
    // With the token: a preview, then its confirm sends.
    const preview = await agent.post(`/staff/cases/${caseId}/messages/preview`).type('form').send({ _csrf: sessionCsrf, body: 'dengan token' }).expect(200);
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(preview.text)![1];
    expect(await counts(t)).toEqual(before);
    await agent.post(`/staff/cases/${caseId}/messages/preview`).type('form').send({ body: 'tanpa token' }).expect(403);
    await agent
      .post(`/staff/cases/${caseId}/messages`)
      .type('form')
      .send({ _csrf: sessionCsrf, body: 'dengan token', sendToken: hidden('sendToken'), seal: hidden('seal'), step: 'send' })
      .expect(303);
  });

  it('slows sign-in down after repeated failures, saying so in minutes', async () => {
    const who = await t.createStaff([Role.Supervisor]);
    for (let i = 0; i < 5; i++) {
      const r = await request(t.url).post('/api/v1/auth/login').send({ email: who.email, password: 'wrong password here' });
      expect(r.status).toBe(401);
    }
    const slowed = await request(t.url).post('/api/v1/auth/login').send({ email: who.email, password: 'wrong password here' }).expect(429);
    expect(slowed.body.message).toMatch(/\d+ menit/);
    await request(t.url).post('/api/v1/auth/login').send({ email: who.email, password: who.password }).expect(429);
  });

  it('takes many submissions at once without exhausting the connection pool', async () => {
    const before = Number((await counts(t)).cases);
    const answers = await Promise.all(
      Array.from({ length: 25 }, () =>
        request(t.url)
          .post('/api/v1/reports')
          .send({ ...report(), anonymous: true }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(25).fill(201));
    expect(Number((await counts(t)).cases)).toBe(before + 25);
  });

  it('leaves nothing readable in a copy of the database or in the log', async () => {
    const tables = await t.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await t.db.query<{ r: string }>(`SELECT t::text AS r FROM "${table_name}" t`);
      dump += rows.map((r) => r.r).join('\n');
    }
    expect(dump.length).toBeGreaterThan(1000);
    const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
    // Booleans, so a failure names the secret without printing the whole dump.
    for (const secret of [...Object.values(MARK), receipt.replace(/-/g, '')]) {
      expect({ secret, inDump: dump.includes(secret), asHex: dump.includes(hex(secret)) }).toEqual({ secret, inDump: false, asHex: false });
    }
    const logs = t.logs();
    expect(logs.length).toBeGreaterThan(100);
    for (const secret of [...Object.values(MARK), receipt, receipt.replace(/-/g, '')]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/\b127\.0\.0\.1\b|::1\b|::ffff:/);
  });
});
