import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { postReceiptForm } from './support/pages';

const REPORT = {
  category: 'corruption',
  title: 'Dana hibah dipotong',
  description: 'TANDA-LAPORAN-8812 dana hibah dipotong sebelum diserahkan kepada penerima, tanpa kuitansi.',
  anonymous: 'yes',
  consent: 'yes',
};

/** The receipt form posted as a browser does, expecting `status`. */
async function signIn(agent: Parameters<typeof postReceiptForm>[0], receipt: string, ...rest: unknown[]) {
  const status = rest.pop() as number;
  const res = await postReceiptForm(agent, receipt, rest[0] as Record<string, string> | undefined);
  expect(res.status).toBe(status);
  return res;
}

const tokenOf = (html: string) => /name="submission_token" value="([^"]+)"/.exec(html)?.[1];
const receiptOf = (html: string) => /id="receipt">([^<]+)</.exec(html)![1];

/**
 * Issue 14, "never lose the receipt, never file twice": the report form's one-time submission
 * token, the receipt download, a reply kept across an ended session, and the session cookie.
 */
describe('Receipts that are never lost, reports never filed twice', () => {
  let t: TestApp;
  const cases = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`))[0].n);
  const post = (fields: Record<string, string>) => {
    let req = request(t.url).post('/report');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const freshToken = async () => tokenOf((await request(t.url).get('/report').expect(200)).text)!;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REPORT: '1000', RATE_LIMIT_TRACK: '1000', RATE_LIMIT_REPORTER_MESSAGE: '1000' } });
    await t.createStaff([Role.Supervisor]);
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
    await t?.close();
  });

  it('gives every form a different random token', async () => {
    const [a, b] = [await freshToken(), await freshToken()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('files one case for two posts with one token, and shows the same receipt and case number again', async () => {
    const token = await freshToken();
    const before = await cases();
    const first = await post({ ...REPORT, submission_token: token }).expect(200);
    const again = await post({ ...REPORT, submission_token: token }).expect(200);
    expect(receiptOf(again.text)).toBe(receiptOf(first.text));
    expect(await cases()).toBe(before + 1);
    const [{ number }] = await t.db.query<{ number: string }>(`SELECT number FROM cases ORDER BY submitted_at DESC, number DESC LIMIT 1`);
    expect(first.text).toContain(`id="case-number">${number}<`);
    expect(again.text).toContain(`id="case-number">${number}<`);
    expect(again.text).toContain('tidak ada laporan baru yang dibuat');
    expect(first.text).not.toContain('tidak ada laporan baru yang dibuat');
    // The receipt shown again opens the case.
    await request(t.url)
      .post('/api/v1/track')
      .send({ receipt: receiptOf(again.text) })
      .expect(200);
  });

  it('files one case for posts with one token that race each other', async () => {
    const token = await freshToken();
    const before = await cases();
    const answers = await Promise.all(Array.from({ length: 4 }, () => post({ ...REPORT, submission_token: token })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((a) => receiptOf(a.text))).size).toBe(1);
    expect(await cases()).toBe(before + 1);
  });

  it('files again once the token is older than its half hour', async () => {
    const token = await freshToken();
    const first = await post({ ...REPORT, submission_token: token }).expect(200);
    await t.db.query(`UPDATE submission_keys SET submitted_at = submitted_at - interval '1 hour', expires_at = now() - interval '1 second' WHERE expires_at < now() + interval '31 minutes'`);
    const before = await cases();
    const later = await post({ ...REPORT, submission_token: token }).expect(200);
    expect(receiptOf(later.text)).not.toBe(receiptOf(first.text));
    expect(await cases()).toBe(before + 1);
  });

  it('keeps a form token for at most 30 minutes, and the API key for a day', async () => {
    const token = await freshToken();
    await post({ ...REPORT, submission_token: token }).expect(200);
    await request(t.url)
      .post('/api/v1/reports')
      .set('Idempotency-Key', `api-key-${token}`)
      .send({ ...REPORT, anonymous: true })
      .expect(201);
    const rows = await t.db.query<{ minutes: number }>(`SELECT round(extract(epoch FROM expires_at - submitted_at) / 60)::int AS minutes FROM submission_keys ORDER BY submitted_at DESC LIMIT 2`);
    expect(rows.map((r) => r.minutes).sort((a, b) => a - b)).toEqual([30, 24 * 60]);
  });

  it('refuses the token reused with other fields: a clear message, nothing filed, a fresh token for a new report', async () => {
    const token = await freshToken();
    await post({ ...REPORT, submission_token: token }).expect(200);
    const before = await cases();
    const res = await post({ ...REPORT, title: 'Laporan lain sama sekali', submission_token: token }).expect(409);
    expect(res.text).toContain('Formulir ini sudah dikirim dengan isi yang berbeda');
    expect(res.text).toContain('value="Laporan lain sama sekali"');
    expect(res.text).not.toContain('id="receipt"');
    const next = tokenOf(res.text);
    expect(next).toBeDefined();
    expect(next).not.toBe(token);
    expect(await cases()).toBe(before);
  });

  it('refuses a malformed token with a clear message, filing nothing', async () => {
    const before = await cases();
    const res = await post({ ...REPORT, submission_token: 'not-a-token' }).expect(400);
    expect(res.text).toContain('Formulir ini rusak atau tidak berasal dari situs ini');
    expect(res.text).toContain('value="Dana hibah dipotong"');
    expect(await cases()).toBe(before);
  });

  it('keeps the same token when a form with errors is shown again, so the corrected form is still guarded', async () => {
    const token = await freshToken();
    const res = await post({ ...REPORT, title: 'ab', submission_token: token }).expect(400);
    expect(tokenOf(res.text)).toBe(token);
  });

  it('gives the receipt back as a text file to the token, never in a URL, and not after the token lapses', async () => {
    const token = await freshToken();
    const page = await post({ ...REPORT, submission_token: token, lang: 'en' }).expect(200);
    expect(page.text).toContain('action="/report/receipt"');
    expect(page.text).toContain(`name="submission_token" value="${token}"`);
    const file = await request(t.url).post('/report/receipt').type('form').send({ submission_token: token, lang: 'en' }).expect(200);
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="wbs-receipt.txt"');
    expect(file.headers['cache-control']).toContain('no-store');
    expect(file.text).toContain(`Your receipt number: ${receiptOf(page.text)}`);
    expect(file.text).toMatch(/Case number: WBS-\d{4}-\d{5}/);

    const unknown = await request(t.url)
      .post('/report/receipt')
      .type('form')
      .send({ submission_token: 'A'.repeat(43), lang: 'en' })
      .expect(404);
    expect(unknown.text).toContain('The receipt can no longer be shown');
    expect(unknown.text).not.toContain(receiptOf(page.text));
    const malformed = await request(t.url).post('/report/receipt').type('form').send({ submission_token: '../etc' }).expect(400);
    expect(malformed.text).toContain('Formulir ini rusak');

    await t.db.query(`UPDATE submission_keys SET submitted_at = submitted_at - interval '1 hour', expires_at = now() - interval '1 second'`);
    await request(t.url).post('/report/receipt').type('form').send({ submission_token: token }).expect(404);
  });

  it('prints a receipt card without JavaScript: a print stylesheet in the site stylesheet', async () => {
    const page = await post({ ...REPORT, submission_token: await freshToken() }).expect(200);
    expect(page.text).toContain('class="card receipt-card"');
    expect(page.text).not.toContain('<script');
    const css = await request(t.url).get('/assets/wbs.css').expect(200);
    expect(css.text).toMatch(/@media print\{[^}]*\.no-print/);
  });

  it('keeps neither the form token nor the receipt in clear, nor in the log', async () => {
    const token = await freshToken();
    const page = await post({ ...REPORT, submission_token: token }).expect(200);
    const receipt = receiptOf(page.text);
    const dump = JSON.stringify(await t.db.query(`SELECT encode(key_hash, 'hex') k, encode(request_hash, 'hex') r, encode(receipt_sealed, 'hex') s FROM submission_keys`));
    for (const secret of [token, receipt, receipt.replace(/-/g, '')]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
      expect(t.logs()).not.toContain(secret);
    }
  });

  describe('the tracking session', () => {
    let receipt: string;
    beforeAll(async () => {
      receipt = receiptOf((await post({ ...REPORT, submission_token: await freshToken() }).expect(200)).text);
    });

    it('is a session cookie: neither Expires nor Max-Age, so closing the browser ends it', async () => {
      const res = await signIn(request(t.url), receipt, 303);
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('wbs_track='))!;
      expect(cookie).toBeDefined();
      expect(cookie).not.toMatch(/expires=/i);
      expect(cookie).not.toMatch(/max-age=/i);
      expect(cookie).toMatch(/HttpOnly/);
    });

    it('still ends on the server after the idle limit, cookie or not', async () => {
      const agent = request.agent(t.url);
      await signIn(agent, receipt, 303);
      await agent.get('/track/case').expect(200);
      await t.db.query(`UPDATE reporter_sessions SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 second'`);
      await agent.get('/track/case').expect(401);
    });

    it('keeps a reply typed after the session ended: asks for the receipt, then shows the reply again', async () => {
      const agent = request.agent(t.url);
      await signIn(agent, receipt, 303);
      await t.db.query(`UPDATE reporter_sessions SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 second'`);
      const messages = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM case_messages`))[0].n);
      const before = await messages();
      const draft = 'BALASAN-TERTUNDA-5521 <saksi> ada di loket 3';
      const ended = await agent.post('/track/messages').field('body', draft).expect(401);
      expect(ended.text).toContain('Pesan yang Anda tulis belum terkirim');
      expect(ended.text).toContain('name="receipt"');
      expect(ended.text).toContain('BALASAN-TERTUNDA-5521 &lt;saksi&gt; ada di loket 3</textarea>');
      expect(await messages()).toBe(before);

      // Signing in again with the kept text shows it in the reply box, ready to send.
      const stale = await agent.post('/track').type('form').send({ _csrf: '1.AAAAAAAAAAAAAAAA.x', receipt, draft }).expect(403);
      expect(stale.text).toContain('BALASAN-TERTUNDA-5521 &lt;saksi&gt; ada di loket 3</textarea>');
      const crossSite = await agent.post('/track').set('Sec-Fetch-Site', 'cross-site').type('form').send({ receipt, draft }).expect(403);
      expect(crossSite.text).not.toContain('BALASAN-TERTUNDA-5521');
      const wrong = await signIn(agent, 'AAAA-AAAA-AAAA-AAAA', { draft }, 401);
      expect(wrong.text).toContain('BALASAN-TERTUNDA-5521 &lt;saksi&gt; ada di loket 3</textarea>');
      const back = await signIn(agent, receipt, { draft }, 200);
      expect(back.text).toMatch(/<textarea id="body" name="body"[^>]*>BALASAN-TERTUNDA-5521 &lt;saksi&gt; ada di loket 3<\/textarea>/);
      expect(back.headers['location']).toBeUndefined();
      expect(await messages()).toBe(before);
      await agent.post('/track/messages').field('body', draft).expect(303);
      expect(await messages()).toBe(before + 1);
      expect(t.logs()).not.toContain('BALASAN-TERTUNDA-5521');
    });
  });
});
