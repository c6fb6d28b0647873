import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { csrfOf, pageSession, postReceiptForm } from './support/pages';

/**
 * Sessions and forms (issue 10): where a credential was read decides the CSRF rule, the receipt
 * form's token, sign-in that neither tells members from strangers nor lets strangers lock
 * members out, token checks, and the API docs for staff only.
 */
const TOKEN_SECRET = randomBytes(32).toString('hex');
const LOGIN = '/api/v1/auth/login';

/** A form post from another loopback address than the one that fetched the form. */
function postFrom(localAddress: string, url: string, path: string, form: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', localAddress, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('sessions and forms', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date(Date.UTC(2026, 11, 7, 2, 0, 0)));
  let member: { id: string; email: string; password: string };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { TOKEN_SECRET, RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_TRACK: '1000', RATE_LIMIT_REPORT: '1000' } });
    member = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]); // intake opens
  });
  afterAll(() => t.close());

  describe('CSRF follows where the credential was read', () => {
    async function cookieSession() {
      const { agent } = await pageSession(t, member.email, member.password);
      const csrf = csrfOf((await agent.get('/staff/password').expect(200)).text);
      return { agent, csrf };
    }

    it('refuses a cookie-signed write carrying Authorization: Basic and no token (403)', async () => {
      const { agent } = await cookieSession();
      const res = await agent.post('/api/v1/auth/logout').set('Authorization', 'Basic dXNlcjpwYXNz').expect(403);
      expect(res.body.code).toBe('csrf_invalid');
      await agent.get('/api/v1/auth/me').expect(200); // the session is still open
    });

    it('refuses a cookie-signed write carrying an empty Bearer and no token (403)', async () => {
      const { agent } = await cookieSession();
      await agent.post('/api/v1/auth/logout').set('Authorization', 'Bearer ').expect(403);
      await agent.post('/api/v1/auth/logout').set('Authorization', 'Bearer').expect(403);
      await agent.get('/api/v1/auth/me').expect(200);
    });

    it('accepts the cookie with its token, and a Bearer token without one', async () => {
      const { agent, csrf } = await cookieSession();
      await agent.post('/api/v1/auth/logout').set('Authorization', 'Basic dXNlcjpwYXNz').set('X-CSRF-Token', csrf).expect(204);
      await agent.get('/api/v1/auth/me').expect(401);
      const token = (await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(200)).body.accessToken;
      await request(t.url).post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    });
  });

  describe('tokens', () => {
    async function realClaims() {
      const token = (await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(200)).body.accessToken as string;
      return jwt.decode(token) as Record<string, unknown>;
    }
    const sign = (claims: Record<string, unknown>) => jwt.sign(claims, Buffer.from(TOKEN_SECRET, 'hex'), { algorithm: 'HS256' });

    it('refuses a token without exp (401)', async () => {
      const { exp: _exp, ...claims } = await realClaims();
      const res = await request(t.url)
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${sign(claims)}`)
        .expect(401);
      expect(res.body.code).toBe('not_signed_in');
    });

    it('answers 401, never 500, for a wrong session key or a malformed session id', async () => {
      const claims = await realClaims();
      for (const sk of [randomBytes(32).toString('base64url'), 'short', '']) {
        await request(t.url)
          .get('/api/v1/auth/me')
          .set('Authorization', `Bearer ${sign({ ...claims, sk })}`)
          .expect(401);
        await request(t.url)
          .post('/api/v1/auth/2fa/setup')
          .set('Authorization', `Bearer ${sign({ ...claims, sk })}`)
          .expect(401);
      }
      await request(t.url)
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${sign({ ...claims, sid: 'not-a-uuid' })}`)
        .expect(401);
      await request(t.url)
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${sign(claims)}`)
        .expect(200);
      expect(t.logs()).not.toMatch(/"level":50/);
    });
  });

  describe('sign-in', () => {
    it('answers a member and an unknown address identically through 20 failures, and slows both down', async () => {
      const known = await t.createStaff([Role.Inspector]);
      const unknown = `tidak-ada-${Date.now()}@kendarikota.go.id`;
      clock.set(new Date(Date.UTC(2026, 11, 8, 1, 0, 0)));
      const run = async (email: string) => {
        const seen: { status: number; body: unknown; retryAfter?: string }[] = [];
        for (let i = 0; i < 20; i++) {
          const res = await request(t.url).post(LOGIN).send({ email, password: 'salah sekali kata sandinya' });
          seen.push({ status: res.status, body: res.body, retryAfter: res.headers['retry-after'] });
        }
        return seen;
      };
      const forMember = await run(known.email);
      const forStranger = await run(unknown);
      expect(forStranger).toEqual(forMember);
      expect(forMember.map((s) => s.status)).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
      expect(forMember[0].body).toMatchObject({ code: 'not_signed_in' });
      expect(forMember[5].body).toMatchObject({ code: 'too_many_requests' });
      expect(forMember[5].retryAfter).toMatch(/^\d+$/);

      // The right password waits too (the guesser cannot tell it apart)...
      await request(t.url).post(LOGIN).send({ email: known.email, password: known.password }).expect(429);
      // ...but not for long, and no account was locked: the window passes and the member is in.
      clock.advance(15 * 60_000);
      await request(t.url).post(LOGIN).send({ email: known.email, password: known.password }).expect(200);
      const [row] = await t.db.query<{ locked_until: Date | null }>(`SELECT locked_until FROM staff WHERE id = $1`, [known.id]);
      expect(row.locked_until).toBeNull();
    });

    it('does not let failures from another client keep a member out', async () => {
      const known = await t.createStaff([Role.Inspector]);
      clock.set(new Date(Date.UTC(2026, 11, 9, 1, 0, 0)));
      for (let i = 0; i < 8; i++) expect(await postFrom('127.0.0.2', t.url, LOGIN, { email: known.email, password: 'salah sekali kata sandinya' })).toBe(i < 5 ? 401 : 429);
      await request(t.url).post(LOGIN).send({ email: known.email, password: known.password }).expect(200);
    });

    it('slows a client spraying many addresses after 20 failures in all', async () => {
      clock.set(new Date(Date.UTC(2026, 11, 10, 1, 0, 0)));
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push(await postFrom('127.0.0.3', t.url, LOGIN, { email: `orang-${i}@kendarikota.go.id`, password: 'salah sekali kata sandinya' }));
      expect(statuses).toEqual([...Array(20).fill(401), 429, 429]);
    });

    it('the sign-in page says the same for both, beside no field', async () => {
      clock.set(new Date(Date.UTC(2026, 11, 11, 1, 0, 0)));
      const known = await t.createStaff([Role.Inspector]);
      const page = async (email: string) => {
        const agent = request.agent(t.url);
        const form = await agent.get('/staff/login').expect(200);
        const res = await agent
          .post('/staff/login')
          .type('form')
          .send({ _csrf: csrfOf(form.text), email, password: 'salah sekali kata sandinya' });
        return { status: res.status, text: res.text.replace(/name="_csrf" value="[^"]+"/, '').replace(/value="[^"]*@kendarikota.go.id"/, '') };
      };
      expect(await page(`nobody-${Date.now()}@kendarikota.go.id`)).toEqual(await page(known.email));
    });
  });

  describe('the receipt form', () => {
    const receipt = 'ABCD-EFGH-JKMN-PQRS';

    it('sets no cookie on the form and needs its token: without it 403, with it the receipt is checked (401)', async () => {
      const form = await request(t.url).get('/track').expect(200);
      expect(form.headers['set-cookie']).toBeUndefined();
      const refused = await request(t.url).post('/track').type('form').send({ receipt }).expect(403);
      expect(refused.text).toContain('kedaluwarsa');
      expect(refused.headers['set-cookie']).toBeUndefined();
      expect(csrfOf(refused.text)).toBeTruthy(); // a fresh token to try again
      await request(t.url).post('/track').type('form').send({ receipt, _csrf: 'forged' }).expect(403);
      await request(t.url)
        .post('/track')
        .type('form')
        .send({ receipt, _csrf: csrfOf(form.text) })
        .expect(401);
    });

    it('refuses a token fetched from another address (a hostile server copying one)', async () => {
      const form = await request(t.url).get('/track').expect(200);
      expect(await postFrom('127.0.0.4', t.url, '/track', { receipt, _csrf: csrfOf(form.text) })).toBe(403);
      expect(await postFrom('127.0.0.1', t.url, '/track', { receipt, _csrf: csrfOf(form.text) })).toBe(401);
    });

    it('refuses a cross-site post even with a valid token, where the browser says so', async () => {
      const form = await request(t.url).get('/track').expect(200);
      await request(t.url)
        .post('/track')
        .set('Sec-Fetch-Site', 'cross-site')
        .type('form')
        .send({ receipt, _csrf: csrfOf(form.text) })
        .expect(403);
      await request(t.url)
        .post('/track')
        .set('Sec-Fetch-Site', 'same-site')
        .type('form')
        .send({ receipt, _csrf: csrfOf(form.text) })
        .expect(403);
      await request(t.url)
        .post('/track')
        .set('Sec-Fetch-Site', 'same-origin')
        .type('form')
        .send({ receipt, _csrf: csrfOf(form.text) })
        .expect(401);
    });

    it('keeps a token for one to two hours', async () => {
      clock.set(new Date(Date.UTC(2026, 11, 12, 3, 0, 0)));
      const token = csrfOf((await request(t.url).get('/track').expect(200)).text);
      clock.advance(119 * 60_000);
      await request(t.url).post('/track').type('form').send({ receipt, _csrf: token }).expect(401);
      clock.advance(2 * 60_000);
      await request(t.url).post('/track').type('form').send({ receipt, _csrf: token }).expect(403);
    });

    it('leaves the JSON API as it is: no token, JSON only', async () => {
      await request(t.url).post('/api/v1/track').send({ receipt }).expect(401);
    });
  });

  describe('plain-http deployment', () => {
    it('sends no HSTS and plain cookie names', async () => {
      const res = await request(t.url).get('/staff/login').expect(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(String(res.headers['set-cookie'])).toMatch(/^wbs_login_csrf=/);
    });

    it('serves the API docs to signed-in staff only', async () => {
      expect((await request(t.url).get('/api/docs-json').expect(401)).body.code).toBe('not_signed_in');
      await request(t.url).get('/api/docs/').set('Accept', 'text/html').expect(303).expect('Location', '/staff/login');
      const token = (await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(200)).body.accessToken;
      const doc = await request(t.url).get('/api/docs-json').set('Authorization', `Bearer ${token}`).expect(200);
      expect(doc.body.openapi).toBeDefined();
      const { agent } = await pageSession(t, member.email, member.password);
      await agent.get('/api/docs/').expect(200);
    });
  });

  describe('text input', () => {
    const report = {
      category: 'illegal_levy',
      title: 'Pungutan di loket KTP',
      description: 'Setiap warga yang membuat KTP diminta membayar Rp 50.000 di loket 3, sejak Januari.',
      anonymous: 'yes',
      consent: 'yes',
    };
    const casesCount = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`))[0].n);

    it('refuses NUL, lone surrogates and a line break in a title through the JSON API, storing nothing', async () => {
      const before = await casesCount();
      const nul = await request(t.url)
        .post('/api/v1/reports')
        .send({ ...report, description: `${report.description}\u0000` })
        .expect(400);
      expect(nul.body.errors).toEqual([{ field: 'description', message: expect.stringContaining('NUL') }]);
      // A lone surrogate can only arrive as a JSON escape: send the raw text.
      const raw = JSON.stringify({ ...report, anonymous: true }).replace('"Pungutan', '"\\ud800Pungutan');
      const lone = await request(t.url).post('/api/v1/reports').set('Content-Type', 'application/json').send(raw).expect(400);
      expect(lone.body.errors).toEqual([{ field: 'title', message: expect.stringContaining('surrogate') }]);
      const broken = await request(t.url)
        .post('/api/v1/reports')
        .send({ ...report, title: 'Pungutan\r\nBcc: siapa@contoh.id' })
        .expect(400);
      expect(broken.body.errors).toEqual([{ field: 'title', message: expect.stringContaining('satu baris') }]);
      expect(await casesCount()).toBe(before);
      await request(t.url)
        .post('/api/v1/reports')
        .send({ ...report, anonymous: true, description: `${report.description}\nBaris kedua.` })
        .expect(201);
    });

    it('shows the error beside the field on the report form, keeping what was typed', async () => {
      const before = await casesCount();
      const res = await request(t.url)
        .post('/report')
        .field({ ...report, title: 'Pungutan\ndi loket', description: `${report.description}\u0000` })
        .expect(400);
      expect(res.text).toMatch(/id="title-error"[^>]*>[^<]*satu baris/);
      expect(res.text).toMatch(/id="description-error"[^>]*>[^<]*NUL/);
      expect(res.text).toContain('Setiap warga yang membuat KTP');
      expect(await casesCount()).toBe(before);
    });

    it('refuses them in reporter messages, through the API and the case page', async () => {
      const receipt = (
        await request(t.url)
          .post('/api/v1/reports')
          .send({ ...report, anonymous: true })
          .expect(201)
      ).body.receipt as string;
      const token = (await request(t.url).post('/api/v1/track').send({ receipt }).expect(200)).body.token;
      const messages = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM case_messages`))[0].n);
      const before = await messages();
      const api = await request(t.url).post('/api/v1/track/messages').set('Authorization', `Bearer ${token}`).send({ body: 'ada \u0000 di sini' }).expect(400);
      expect(api.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('NUL') }]);
      const agent = request.agent(t.url);
      expect((await postReceiptForm(agent, receipt)).status).toBe(303);
      const page = await agent.post('/track/messages').field('body', 'Tambahan bukti \u0000 dari saya').expect(400);
      expect(page.text).toMatch(/class="errors" role="alert"><ul><li>[^<]*NUL/);
      expect(page.text).toContain('Tambahan bukti');
      expect(await messages()).toBe(before);
    });

    it('refuses them in staff notes (JSON) and admin forms (pages) too', async () => {
      const token = (await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(200)).body.accessToken;
      const raw = '{"body":"catatan \\udfff"}';
      const note = await request(t.url)
        .post(`/api/v1/cases/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/notes`)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(raw)
        .expect(400);
      expect(note.body.errors[0].field).toBe('body');
      const admin = await t.createStaff([Role.Admin]);
      const { agent } = await pageSession(t, admin.email, admin.password);
      const csrf = csrfOf((await agent.get('/staff/admin/opds').expect(200)).text);
      const before = await t.db.query(`SELECT * FROM opds ORDER BY code`);
      const res = await agent.post('/staff/admin/opds').type('form').send({ _csrf: csrf, code: 'BARU', name: 'Dinas\rBaru' }).expect(400);
      expect(res.text).toContain('satu baris');
      expect(await t.db.query(`SELECT * FROM opds ORDER BY code`)).toEqual(before);
    });
  });
});
