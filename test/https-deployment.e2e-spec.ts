import request from 'supertest';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { csrfOf } from './support/pages';

/**
 * A deployment whose PUBLIC_URL is https (the app itself behind a TLS proxy): `__Host-` cookie
 * names, Secure, Path=/, and HSTS. In a file of its own: passport's strategy registry is
 * process-wide, and the strategy reads the cookie name this configuration gives. The API docs
 * are made public here with API_DOCS_PUBLIC=true.
 */
describe('https deployment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_URL: 'https://wbs.kendarikota.go.id', API_DOCS_PUBLIC: 'true', RATE_LIMIT_LOGIN: '1000' } });
  });
  afterAll(() => t.close());

  it('sends HSTS', async () => {
    const res = await request(t.url).get('/').expect(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('names cookies with __Host-, Secure and Path=/, and signs in with them', async () => {
    const member = await t.createStaff([Role.Auditor]);
    const form = await request(t.url).get('/staff/login').expect(200);
    const loginCookie = String(form.headers['set-cookie']);
    expect(loginCookie).toMatch(/^__Host-wbs_login_csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const signedIn = await request(t.url)
      .post('/staff/login')
      .set('Cookie', loginCookie.split(';')[0])
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: member.email, password: member.password })
      .expect(303);
    const staffCookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-wbs_staff='))!;
    expect(staffCookie).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    await request(t.url).get('/api/v1/auth/me').set('Cookie', staffCookie.split(';')[0]).expect(200);
    // The plain name means nothing here: a cookie planted without the prefix is not read.
    await request(t.url).get('/api/v1/auth/me').set('Cookie', staffCookie.split(';')[0].replace('__Host-', '')).expect(401);
  });

  it('serves the API docs to anyone when API_DOCS_PUBLIC=true', async () => {
    expect((await request(t.url).get('/api/docs-json').expect(200)).body.openapi).toBeDefined();
  });
});
