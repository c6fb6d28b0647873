import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { binaryBody } from './support/binary-body';
import { untilIdle } from './support/idle';
import { apiDocument, bearer, csrfOf, pageSession } from './support/pages';
import { pdfPages } from './support/pdf-text';

const GIVER = 'PEMBERI-7731 dari PT Sulawesi Jaya';
const REPORT = {
  category: 'gratification',
  title: 'Hadiah untuk izin usaha',
  description: 'Pejabat bidang perizinan menerima uang dari pemohon agar izin cepat terbit di kantor DPMPTSP.',
  anonymous: 'yes',
  consent: 'yes',
};
const tokenOf = (html: string) => /name="submission_token" value="([^"]+)"/.exec(html)![1];

/**
 * Issue 16, questions per category: an admin adds questions (API and page), the report form
 * shows those of the chosen category without JavaScript, answers are checked by kind, sealed
 * with the case content key together with the question as asked, and shown to staff on the case
 * page, in the API and in the referral PDF; editing a question later leaves old cases alone.
 */
describe('questions per category', () => {
  let t: TestApp;
  const who: Record<string, { id: string; email: string; password: string }> = {};
  const auth: Record<string, string> = {};
  const q: Record<string, string> = {};
  let caseId = '';

  const countRows = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const seeded = async (category: string, kind: string) =>
    (await t.db.query<{ id: string }>(`SELECT id FROM category_questions WHERE category_code = $1 AND kind = $2 ORDER BY sort_order LIMIT 1`, [category, kind]))[0].id;
  /** Posts the report form as a browser does, with the token of a freshly fetched form. */
  const reportPage = async (lang: 'id' | 'en', fields: Record<string, string>, status: number) => {
    const token = tokenOf((await request(t.url).get(`/report?lang=${lang}`).expect(200)).text);
    return request(t.url)
      .post('/report')
      .field({ ...fields, lang, submission_token: token })
      .expect(status);
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_REPORT: '1000' } });
    for (const [key, roles] of [
      ['admin', [Role.Admin]],
      ['supervisor', [Role.Supervisor]],
      ['custodian', [Role.Custodian]],
    ] as const) {
      who[key] = await t.createStaff([...roles]);
      auth[key] = await bearer(t, who[key]);
    }
    q.value = await seeded('gratification', 'money');
    q.giver = await seeded('gratification', 'text');
    q.levyService = await seeded('illegal_levy', 'text');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('admin', () => {
    it('refuses anyone but an admin (403), and an unknown category is 404', async () => {
      const body = { kind: 'text', label: { id: 'Pertanyaan', en: 'Question' }, required: false };
      await request(t.url).post('/api/v1/admin/categories/gratification/questions').set('Authorization', auth.supervisor).send(body).expect(403);
      await request(t.url).post('/api/v1/admin/categories/gratification/questions').send(body).expect(401);
      const supervisorPage = await pageSession(t, who.supervisor.email, who.supervisor.password);
      await supervisorPage.agent.get('/staff/admin/categories/gratification/questions').expect(403);
      await request(t.url).post('/api/v1/admin/categories/parking/questions').set('Authorization', auth.admin).send(body).expect(404);
      expect(await countRows('category_questions')).toBe(4);
    });

    it('names each bad field and stores nothing', async () => {
      const res = await request(t.url)
        .post('/api/v1/admin/categories/gratification/questions?lang=en')
        .set('Authorization', auth.admin)
        .send({ kind: 'single_choice', label: { id: 'Bentuk', en: '' }, required: 'yes', options: [{ id: 'Uang', en: 'Money' }] })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'label.en', message: 'Required: 2–200 characters.' },
        { field: 'required', message: '"required" must be true or false.' },
        { field: 'options', message: 'Write 2–30 choices, one per line.' },
      ]);
      expect(await countRows('category_questions')).toBe(4);
    });

    it('adds a question through the API (201 { id }) and through the page, audited', async () => {
      const added = await request(t.url)
        .post('/api/v1/admin/categories/gratification/questions')
        .set('Authorization', auth.admin)
        .send({
          kind: 'single_choice',
          label: { id: 'Bentuk pemberian', en: 'Form of the gift' },
          help: { id: 'Pilih yang paling sesuai.', en: 'Choose the closest.' },
          required: true,
          options: [
            { id: 'Uang tunai', en: 'Cash' },
            { id: 'Barang', en: 'Goods' },
          ],
        })
        .expect(201);
      expect(Object.keys(added.body)).toEqual(['id']);
      q.form = added.body.id;
      q.when = (
        await request(t.url)
          .post('/api/v1/admin/categories/gratification/questions')
          .set('Authorization', auth.admin)
          .send({ kind: 'date', label: { id: 'Tanggal pemberian', en: 'Date of the gift' }, required: false })
          .expect(201)
      ).body.id;

      const { agent } = await pageSession(t, who.admin.email, who.admin.password);
      const list = await agent.get('/staff/admin/categories/gratification/questions').expect(200);
      expect(list.text).toContain('Bentuk pemberian');
      // A bad post comes back with the error beside its field and the input kept.
      const refused = await agent
        .post('/staff/admin/categories/gratification/questions')
        .type('form')
        .send({ _csrf: csrfOf(list.text), kind: 'yes_no', 'label.id': 'Apakah pemberian sudah dilaporkan ke KPK?', 'label.en': '', options: '' })
        .expect(400);
      expect(refused.text).toContain('id="label.en-error"');
      expect(refused.text).toContain('value="Apakah pemberian sudah dilaporkan ke KPK?"');
      await agent
        .post('/staff/admin/categories/gratification/questions')
        .type('form')
        .send({ _csrf: csrfOf(list.text), kind: 'yes_no', 'label.id': 'Apakah pemberian sudah dilaporkan ke KPK?', 'label.en': 'Was the gift reported to the KPK?', options: '' })
        .expect(303);
      [{ id: q.kpk }] = await t.db.query<{ id: string }>(`SELECT id FROM category_questions WHERE label_id LIKE 'Apakah pemberian%'`);
      expect(await countRows('category_questions')).toBe(7);

      await untilIdle(t);
      const audited = await t.db.query<{ actor_id: string; detail: string }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'catalog.question-changed'`);
      expect(audited).toHaveLength(3);
      expect(audited.every((a) => a.actor_id === who.admin.id)).toBe(true);
      expect(audited.map((a) => JSON.parse(a.detail).questionId)).toEqual([q.form, q.when, q.kpk]);
    });

    it("lists the questions in the meta API in the request's language, and only for their category", async () => {
      const id = (await request(t.url).get('/api/v1/meta/categories/gratification/questions').set('Accept-Language', 'en-US').expect(200)).body;
      expect(id.map((x: { label: string }) => x.label)).toEqual([
        'Perkiraan nilai pemberian',
        'Siapa yang memberi',
        'Bentuk pemberian',
        'Tanggal pemberian',
        'Apakah pemberian sudah dilaporkan ke KPK?',
      ]);
      expect(id[2]).toEqual({
        id: q.form,
        kind: 'single_choice',
        label: 'Bentuk pemberian',
        help: 'Pilih yang paling sesuai.',
        required: true,
        options: [
          { value: 'o1', label: 'Uang tunai' },
          { value: 'o2', label: 'Barang' },
        ],
      });
      const en = (await request(t.url).get('/api/v1/meta/categories/gratification/questions?lang=en').expect(200)).body;
      expect(en[2]).toMatchObject({
        label: 'Form of the gift',
        options: [
          { value: 'o1', label: 'Cash' },
          { value: 'o2', label: 'Goods' },
        ],
      });
      expect(en[4]).toMatchObject({ id: q.kpk, kind: 'yes_no', label: 'Was the gift reported to the KPK?', required: false, options: [] });
      const levy = (await request(t.url).get('/api/v1/meta/categories/illegal_levy/questions').expect(200)).body;
      expect(levy.map((x: { label: string }) => x.label)).toEqual(['Layanan yang diurus', 'Jumlah yang diminta']);
      await request(t.url).get('/api/v1/meta/categories/parking/questions').expect(404);
    });

    it('puts the questions in the OpenAPI document', async () => {
      const doc = await apiDocument(t);
      expect(doc.paths['/api/v1/admin/categories/{code}/questions'].post).toBeDefined();
      expect(doc.paths['/api/v1/meta/categories/{code}/questions'].get).toBeDefined();
      expect(doc.components.schemas.ReportDto.properties.answers).toBeDefined();
      expect(doc.components.schemas.CreateQuestionDto.required).toEqual(expect.arrayContaining(['kind', 'label', 'required']));
    });
  });

  describe('the report form without JavaScript', () => {
    it('shows no category questions before a category is chosen', async () => {
      const page = (await request(t.url).get('/report').expect(200)).text;
      expect(page).toContain('name="step" value="questions"');
      expect(page).not.toContain('Bentuk pemberian');
    });

    it.each([
      ['id', 'Bentuk pemberian', 'Uang tunai', 'Pertanyaan untuk kategori yang dipilih ada di bawah'],
      ['en', 'Form of the gift', 'Cash', 'The questions for the chosen category are below'],
    ] as const)("shows the chosen category's questions on the second step, in %s, keeping what was typed", async (lang, label, option, notice) => {
      const res = await reportPage(lang, { ...REPORT, step: 'questions' }, 200);
      expect(res.text).toContain(label);
      expect(res.text).toContain(option);
      expect(res.text).toContain(notice);
      expect(res.text).toContain(`name="answers.${q.form}"`);
      expect(res.text).toContain(`id="answers.${q.kpk}"`);
      expect(res.text).toContain(`value="${REPORT.title}"`);
      expect(res.text).not.toContain('Layanan yang diurus');
      expect(await countRows('cases')).toBe(0);
    });

    it("shows them on the supervisors' form for reports taken by phone or letter too", async () => {
      const { agent } = await pageSession(t, who.supervisor.email, who.supervisor.password);
      const form = await agent.get('/staff/reports/new').expect(200);
      const res = await agent
        .post('/staff/reports/new')
        .field({ ...REPORT, channel: 'phone', _csrf: csrfOf(form.text), step: 'questions' })
        .expect(200);
      expect(res.text).toContain(`name="answers.${q.form}"`);
      expect(res.text).toContain('Bentuk pemberian');
      expect(await countRows('cases')).toBe(0);
    });

    it('asks for a category before showing questions', async () => {
      const res = await reportPage('id', { ...REPORT, category: '', step: 'questions' }, 400);
      expect(res.text).toContain('id="category-error"');
    });

    it('files the answers; the case page, the API and the PDF show them; no table holds them in clear', async () => {
      const res = await reportPage(
        'id',
        {
          ...REPORT,
          [`answers.${q.value}`]: 'Rp 2.750.000',
          [`answers.${q.giver}`]: GIVER,
          [`answers.${q.form}`]: 'o1',
          [`answers.${q.when}`]: '14/02/2026',
          [`answers.${q.kpk}`]: 'no',
        },
        200,
      );
      expect(res.text).toMatch(/id="receipt"/);
      [{ id: caseId }] = await t.db.query<{ id: string }>(`SELECT id FROM cases`);

      const { agent } = await pageSession(t, who.supervisor.email, who.supervisor.password);
      const page = (await agent.get(`/staff/cases/${caseId}`).expect(200)).text;
      const answers = page.slice(page.indexOf('id="answers"'));
      for (const shown of [
        'Perkiraan nilai pemberian',
        'Rp2.750.000',
        'Siapa yang memberi',
        GIVER,
        'Bentuk pemberian',
        'Uang tunai',
        '2026-02-14',
        'Apakah pemberian sudah dilaporkan ke KPK?',
        'Tidak',
      ]) {
        expect(answers).toContain(shown);
      }

      const detail = (await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', auth.supervisor).expect(200)).body;
      expect(detail.report.answers).toEqual([
        { questionId: q.value, kind: 'money', label: { id: 'Perkiraan nilai pemberian', en: 'Estimated value of the gift' }, value: 2_750_000 },
        { questionId: q.giver, kind: 'text', label: { id: 'Siapa yang memberi', en: 'Who gave it' }, value: GIVER },
        {
          questionId: q.form,
          kind: 'single_choice',
          label: { id: 'Bentuk pemberian', en: 'Form of the gift' },
          options: [
            { value: 'o1', label: { id: 'Uang tunai', en: 'Cash' } },
            { value: 'o2', label: { id: 'Barang', en: 'Goods' } },
          ],
          value: 'o1',
        },
        { questionId: q.when, kind: 'date', label: { id: 'Tanggal pemberian', en: 'Date of the gift' }, value: '2026-02-14' },
        { questionId: q.kpk, kind: 'yes_no', label: { id: 'Apakah pemberian sudah dilaporkan ke KPK?', en: 'Was the gift reported to the KPK?' }, value: false },
      ]);

      const pdf = await request(t.url).post(`/api/v1/cases/${caseId}/export?lang=en`).set('Authorization', auth.supervisor).send({}).buffer(true).parse(binaryBody).expect(200);
      const text = (await pdfPages(pdf.body as Buffer)).join('\n');
      for (const shown of [
        'Answers to the category questions',
        'Estimated value of the gift: Rp2.750.000',
        `Who gave it: ${GIVER}`,
        'Form of the gift: Cash',
        'Was the gift reported to the KPK?: No',
      ]) {
        expect(text).toContain(shown);
      }

      await untilIdle(t);
      const tables = await t.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
      let dump = '';
      for (const { table_name } of tables) dump += (await t.db.query<{ r: string }>(`SELECT t::text AS r FROM "${table_name}" t`)).map((r) => r.r).join('\n');
      expect(dump).toContain('Perkiraan nilai pemberian'); // the question itself is the inspectorate's words
      expect(dump).not.toContain('PEMBERI-7731');
      expect(dump).not.toContain('Sulawesi Jaya');
    });

    it('refuses bad answers on the page with the error beside the field, keeping the input, storing nothing', async () => {
      const before = await countRows('cases');
      const res = await reportPage('en', { ...REPORT, [`answers.${q.value}`]: 'two million', [`answers.${q.giver}`]: 'Pak Budi', [`answers.${q.when}`]: '31/02/2026' }, 400);
      expect(res.text).toContain(`id="answers.${q.value}-error"`);
      expect(res.text).toContain('Write the rupiah amount in digits only');
      expect(res.text).toContain('This date does not exist');
      expect(res.text).toContain(`id="answers.${q.form}-error"`); // required, unanswered
      expect(res.text).toContain('value="two million"');
      expect(res.text).toContain('value="Pak Budi"');
      expect(res.text).toContain(`href="#answers.${q.value}"`);
      expect(await countRows('cases')).toBe(before);
    });
  });

  describe('the reports API', () => {
    it('files answers given as JSON', async () => {
      await request(t.url)
        .post('/api/v1/reports')
        .send({ ...REPORT, anonymous: true, answers: { [q.value]: 500000, [q.form]: 'o2', [q.kpk]: true } })
        .expect(201);
    });

    it('names each bad answer and stores nothing', async () => {
      const before = await countRows('cases');
      const unknown = randomUUID();
      const res = await request(t.url)
        .post('/api/v1/reports?lang=en')
        .send({
          ...REPORT,
          anonymous: true,
          answers: { [unknown]: 'x', [q.levyService]: 'KTP', [q.giver]: 5, [q.value]: 'dua juta', [q.when]: '2026-02-31', [q.kpk]: 'maybe' },
        })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: `answers.${unknown}`, message: 'This question is unknown.' },
        { field: `answers.${q.levyService}`, message: 'This question belongs to another category, not the one chosen.' },
        { field: `answers.${q.value}`, message: 'Write the rupiah amount in digits only, for example 2.500.000.' },
        { field: `answers.${q.giver}`, message: 'The answer must be text.' },
        { field: `answers.${q.form}`, message: 'This question must be answered.' },
        { field: `answers.${q.when}`, message: 'This date does not exist. Write it like 17/02/2026.' },
        { field: `answers.${q.kpk}`, message: 'Choose yes or no.' },
      ]);
      const option = await request(t.url)
        .post('/api/v1/reports?lang=en')
        .send({ ...REPORT, anonymous: true, answers: { [q.form]: 'o9' } })
        .expect(400);
      expect(option.body.errors).toEqual([{ field: `answers.${q.form}`, message: 'Choose one of the choices offered.' }]);
      const malformed = await request(t.url)
        .post('/api/v1/reports?lang=en')
        .send({ ...REPORT, anonymous: true, answers: { [q.form]: 'o1', ['-'.repeat(36)]: 'x' } })
        .expect(400);
      expect(malformed.body.errors).toEqual([{ field: `answers.${'-'.repeat(36)}`, message: 'This question is unknown.' }]);
      const notObject = await request(t.url)
        .post('/api/v1/reports?lang=en')
        .send({ ...REPORT, anonymous: true, answers: ['o1'] })
        .expect(400);
      expect(notObject.body.errors).toEqual([{ field: 'answers', message: 'Answers must be an object { "<question id>": answer }.' }]);
      expect(await countRows('cases')).toBe(before);
    });
  });

  describe('changing questions later', () => {
    it('leaves the old case with the question as it was asked; a retired question is no longer taken', async () => {
      await request(t.url)
        .patch(`/api/v1/admin/questions/${q.form}`)
        .set('Authorization', auth.admin)
        .send({
          kind: 'single_choice',
          label: { id: 'Jenis pemberian (baru)', en: 'Kind of gift (new)' },
          required: true,
          options: [
            { id: 'Uang tunai', en: 'Cash money' },
            { id: 'Voucher', en: 'Voucher' },
          ],
        })
        .expect(200);
      await request(t.url).post(`/api/v1/admin/questions/${q.giver}/retire`).set('Authorization', auth.admin).expect(200);
      await request(t.url).post(`/api/v1/admin/questions/${q.kpk}/move`).set('Authorization', auth.admin).send({ direction: 'up' }).expect(204);

      const now = (await request(t.url).get('/api/v1/meta/categories/gratification/questions').expect(200)).body;
      expect(now.map((x: { label: string }) => x.label)).toEqual(['Perkiraan nilai pemberian', 'Jenis pemberian (baru)', 'Apakah pemberian sudah dilaporkan ke KPK?', 'Tanggal pemberian']);
      expect(now[1].options).toEqual([
        { value: 'o1', label: 'Uang tunai' },
        { value: 'o3', label: 'Voucher' },
      ]);

      const detail = (await request(t.url).get(`/api/v1/cases/${caseId}`).set('Authorization', auth.supervisor).expect(200)).body;
      expect(detail.report.answers[2].label).toEqual({ id: 'Bentuk pemberian', en: 'Form of the gift' });
      const { agent } = await pageSession(t, who.supervisor.email, who.supervisor.password);
      const page = (await agent.get(`/staff/cases/${caseId}`).expect(200)).text;
      expect(page).toContain('Bentuk pemberian');
      expect(page).not.toContain('Jenis pemberian (baru)');
      expect(page).toContain(GIVER);

      const retired = await request(t.url)
        .post('/api/v1/reports?lang=en')
        .send({ ...REPORT, anonymous: true, answers: { [q.form]: 'o1', [q.giver]: 'Pak Budi' } })
        .expect(400);
      expect(retired.body.errors).toEqual([{ field: `answers.${q.giver}`, message: 'This question is no longer asked.' }]);

      await untilIdle(t);
      const changes = await t.db.query<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'catalog.question-changed' ORDER BY seq`);
      expect(changes.slice(-3).map((c) => JSON.parse(c.detail).change)).toEqual(['updated', 'retired', 'moved']);

      // The page's order buttons do the same, and lead back to the list at the question moved.
      const admin = await pageSession(t, who.admin.email, who.admin.password);
      const list = await admin.agent.get('/staff/admin/categories/gratification/questions').expect(200);
      await admin.agent
        .post(`/staff/admin/questions/${q.kpk}/move`)
        .type('form')
        .send({ _csrf: csrfOf(list.text), direction: 'down' })
        .expect(303)
        .expect('Location', `/staff/admin/categories/gratification/questions?saved=1#q-${q.kpk}`);
      const reordered = (await request(t.url).get('/api/v1/meta/categories/gratification/questions').expect(200)).body;
      expect(reordered.map((x: { id: string }) => x.id)).toEqual([q.value, q.form, q.when, q.kpk]);
    });
  });
});
