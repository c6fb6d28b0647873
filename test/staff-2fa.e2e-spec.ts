import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { FixedClock } from '../src/platform/clock/clock';
import { LoginThrottle } from '../src/staff/login-throttle';
import { t as translate } from '../src/platform/i18n/i18n';
import { Role } from '../src/staff/role';
import { StaffService } from '../src/staff/staff.service';
import '../src/staff/staff.i18n';
import { startTestApp, TestApp } from './support/app';
import { apiDocument } from './support/pages';

/**
 * Two-factor sign-in for staff (issue 3): enrolment forced by STAFF_2FA=required, sign-in with a
 * TOTP code or a recovery code, replay and slowing down, and what a copy of the database holds.
 * The clock is fixed and moved by hand, so codes are computed for a known 30-second step.
 */
const LOGIN = '/api/v1/auth/login';
const STEP_MS = 30_000;

function codeAt(secret: string, clock: FixedClock, offsetSteps = 0): string {
  return new TOTP({ secret }).generate({ timestamp: clock.now().getTime() + offsetSteps * STEP_MS });
}

function wrongCode(right: string): string {
  return String((Number(right) + 500_001) % 1_000_000).padStart(6, '0');
}

/** A browser's view: cookies kept, the CSRF token read from each page's forms. */
function browser(t: TestApp) {
  return request.agent(t.url);
}

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}

/** Fills in and sends the sign-in form; `status` is the answer expected. */
async function signInPage(agent: ReturnType<typeof browser>, email: string, password: string, status: number, otp?: string) {
  const form = await agent.get('/staff/login').expect(200);
  return agent
    .post('/staff/login')
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password, ...(otp === undefined ? {} : { otp }) })
    .expect(status);
}

/** Failed sign-ins counted against this address from the test's client (127.0.0.1). */
function failedLogins(t: TestApp, email: string): Promise<number> {
  return t.app.get(LoginThrottle).failures(email, '127.0.0.1');
}

describe('staff two-factor sign-in (STAFF_2FA=required)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date());
  let member: { id: string; email: string; password: string };
  let secret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { STAFF_2FA: 'required', RATE_LIMIT_LOGIN: '1000' }, clock });
    member = await t.createStaff([Role.Supervisor]);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Enrols through the JSON API; returns the base32 secret and the recovery codes. */
  async function enrolViaApi(who: { email: string; password: string }) {
    const login = await request(t.url).post(LOGIN).send({ email: who.email, password: who.password }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const setup = await request(t.url).post('/api/v1/auth/2fa/setup').set(auth).expect(200);
    const confirmed = await request(t.url)
      .post('/api/v1/auth/2fa/confirm')
      .set(auth)
      .send({ otp: codeAt(setup.body.secret, clock) })
      .expect(200);
    clock.advance(STEP_MS); // the confirming code's step is used up
    return { secret: setup.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[], auth };
  }

  describe('a member not yet enrolled', () => {
    it('signs in with the password, but the API opens only /me, /2fa and /logout', async () => {
      const login = await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(200);
      expect(login.body).toMatchObject({ totpEnrolmentRequired: true, mustChangePassword: false });
      const auth = { Authorization: `Bearer ${login.body.accessToken}` };

      const refused = await request(t.url).get('/api/v1/cases').set(auth).expect(403);
      expect(refused.body.code).toBe('totp_enrolment_required');
      expect(refused.body.message).toBe(translate('id', 'auth.totp_enrolment_required'));
      await request(t.url).get('/api/v1/cases/counts').set(auth).expect(403);

      const me = await request(t.url).get('/api/v1/auth/me').set(auth).expect(200);
      expect(me.body).toMatchObject({ email: member.email, totpEnrolmentRequired: true });
      expect((await request(t.url).get('/api/v1/auth/2fa').set(auth).expect(200)).body).toEqual({ required: true, enrolled: false });
      await request(t.url).post('/api/v1/auth/logout').set(auth).expect(204);
    });

    it('is sent from the sign-in page to the enrolment page, and from every other page back to it', async () => {
      const agent = browser(t);
      const res = await signInPage(agent, member.email, member.password, 303);
      expect(res.headers.location).toBe('/staff/2fa');
      for (const page of ['/staff/cases', '/staff/password']) {
        const away = await agent.get(page).expect(303);
        expect(away.headers.location).toBe('/staff/2fa');
      }
      await agent.get('/staff/2fa').expect(200);
    });

    it('enrols on the page: QR code and key shown, kept across a reload, confirmed by the first code; recovery codes shown once', async () => {
      const agent = browser(t);
      await signInPage(agent, member.email, member.password, 303);
      const page = await agent.get('/staff/2fa').expect(200);
      expect(page.text).toContain(translate('id', 'auth.totp_required_notice'));
      expect(page.text).toMatch(/<div class="qr" role="img" aria-label="[^"]+"><svg aria-hidden="true" focusable="false" xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.text)![1].replace(/ /g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits
      const reload = await agent.get('/staff/2fa').expect(200);
      expect(reload.text).toContain(`id="totp-secret">${secret.replace(/(.{4})(?=.)/g, '$1 ')}<`);

      // No CSRF token: refused before anything happens.
      await agent
        .post('/staff/2fa')
        .type('form')
        .send({ otp: codeAt(secret, clock) })
        .expect(403);
      // A wrong code: the page again, the error beside the field, nothing enrolled.
      const wrong = await agent
        .post('/staff/2fa')
        .type('form')
        .send({ _csrf: csrfOf(page.text), otp: wrongCode(codeAt(secret, clock)) })
        .expect(400);
      expect(wrong.text).toContain(`id="otp-error">${translate('id', 'auth.totp_code_wrong')}<`);
      expect(wrong.text).toContain('aria-invalid="true"');
      expect((await t.db.query(`SELECT totp_enrolled_at FROM staff WHERE id = $1`, [member.id]))[0]).toEqual({ totp_enrolled_at: null });

      const done = await agent
        .post('/staff/2fa')
        .type('form')
        .send({ _csrf: csrfOf(page.text), otp: codeAt(secret, clock) })
        .expect(200);
      recoveryCodes = /id="recovery-codes">([^<]*)</.exec(done.text)![1].trim().split('\n');
      expect(recoveryCodes).toHaveLength(10);
      for (const c of recoveryCodes) expect(c).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
      expect(done.text).toContain(translate('id', 'auth.recovery_once'));

      // Enrolled: the session reaches the workspace; the enrolment page now shows the status only.
      await agent.get('/staff/cases').expect(200);
      const status = await agent.get('/staff/2fa').expect(200);
      expect(status.text).toContain('id="totp-status"');
      expect(status.text).not.toContain('totp-secret');
      for (const c of recoveryCodes) expect(status.text).not.toContain(c);
      // Submitting again does not hand out new recovery codes.
      await agent
        .post('/staff/2fa')
        .type('form')
        .send({ _csrf: csrfOf(page.text), otp: codeAt(secret, clock, 1) })
        .expect(409);

      const signOut = await agent
        .post('/staff/logout')
        .type('form')
        .send({ _csrf: csrfOf(status.text) })
        .expect(303);
      expect(signOut.headers.location).toBe('/staff/login');
      await agent.get('/staff/cases').expect(303);
      clock.advance(STEP_MS); // the confirming code's step is used up
    });
  });

  describe('an enrolled member signing in', () => {
    it('is refused with the password alone: a code is required, and the attempt counts', async () => {
      const res = await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(401);
      expect(res.body.code).toBe('otp_required');
      expect(res.body.message).toBe(translate('id', 'auth.otp_required'));
      expect(res.body.errors).toEqual([{ field: 'otp', message: translate('id', 'auth.otp_required') }]);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(await failedLogins(t, member.email)).toBe(1);
    });

    it('is refused with a wrong code, counted like a wrong password', async () => {
      const res = await request(t.url)
        .post(LOGIN)
        .send({ email: member.email, password: member.password, otp: wrongCode(codeAt(secret, clock)) })
        .expect(401);
      expect(res.body.code).toBe('otp_invalid');
      expect(res.body.message).toBe(translate('id', 'auth.otp_invalid'));
      expect(await failedLogins(t, member.email)).toBe(2);
    });

    it('gets the uniform message for a wrong password, even with the right code', async () => {
      const res = await request(t.url)
        .post(LOGIN)
        .send({ email: member.email, password: 'salah sekali kata sandinya', otp: codeAt(secret, clock) })
        .expect(401);
      expect(res.body.code).toBe('not_signed_in');
      expect(res.body.message).toBe(translate('id', 'auth.invalid_credentials'));
      expect(await failedLogins(t, member.email)).toBe(3);
    });

    it('signs in with the right code, which then cannot be used again (replay)', async () => {
      const code = codeAt(secret, clock);
      const ok = await request(t.url).post(LOGIN).send({ email: member.email, password: member.password, otp: code }).expect(200);
      expect(ok.body.totpEnrolmentRequired).toBe(false);
      expect(await failedLogins(t, member.email)).toBe(0);
      await request(t.url).get('/api/v1/cases').set('Authorization', `Bearer ${ok.body.accessToken}`).expect(200);

      const replay = await request(t.url).post(LOGIN).send({ email: member.email, password: member.password, otp: code }).expect(401);
      expect(replay.body.code).toBe('otp_invalid');
      // The previous step's code is still within the tolerance, but older than the one used.
      const older = await request(t.url)
        .post(LOGIN)
        .send({ email: member.email, password: member.password, otp: codeAt(secret, clock, -1) })
        .expect(401);
      expect(older.body.code).toBe('otp_invalid');
      clock.advance(STEP_MS);
      await request(t.url)
        .post(LOGIN)
        .send({ email: member.email, password: member.password, otp: codeAt(secret, clock) })
        .expect(200);
    });

    it('signs in with a recovery code once, typed any way; not twice', async () => {
      const [first, second] = recoveryCodes;
      await request(t.url).post(LOGIN).send({ email: member.email, password: member.password, otp: first }).expect(200);
      const again = await request(t.url).post(LOGIN).send({ email: member.email, password: member.password, otp: first }).expect(401);
      expect(again.body.code).toBe('otp_invalid');
      await request(t.url)
        .post(LOGIN)
        .send({ email: member.email, password: member.password, otp: second.toUpperCase().replace('-', ' ') })
        .expect(200);
      const [row] = await t.db.query<{ used: number; left: number }>(
        `SELECT count(*) FILTER (WHERE used_at IS NOT NULL)::int AS used, count(*) FILTER (WHERE used_at IS NULL)::int AS left
           FROM staff_recovery_codes WHERE staff_id = $1`,
        [member.id],
      );
      expect(row).toEqual({ used: 2, left: 8 });
    });

    it('signs in on the page with the code field, and shows a missing code beside that field', async () => {
      clock.advance(STEP_MS);
      const agent = browser(t);
      const refused = await signInPage(agent, member.email, member.password, 401);
      expect(refused.text).toContain(`<span class="error" id="otp-error">${translate('id', 'auth.otp_required')}</span>`);
      expect(refused.text).toMatch(/<input type="text" id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code"[^>]*aria-invalid="true"/);
      expect(refused.text).toContain(translate('id', 'auth.otp_hint'));
      const ok = await signInPage(agent, member.email, member.password, 303, codeAt(secret, clock));
      expect(ok.headers.location).toBe('/staff');
      await agent.get('/staff/cases').expect(200);
    });

    it('slows sign-in down after five wrong codes, without locking the account', async () => {
      const other = await t.createStaff([Role.Inspector]);
      const enrolled = await enrolViaApi(other);
      const wrong = wrongCode(codeAt(enrolled.secret, clock));
      for (let i = 0; i < 5; i++) {
        await request(t.url).post(LOGIN).send({ email: other.email, password: other.password, otp: wrong }).expect(401);
      }
      const slowed = await request(t.url)
        .post(LOGIN)
        .send({ email: other.email, password: other.password, otp: codeAt(enrolled.secret, clock) })
        .expect(429);
      expect(slowed.body.code).toBe('too_many_requests');
      expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
      // Once the window has passed the member signs in; nothing was locked.
      clock.advance(15 * 60_000);
      await request(t.url)
        .post(LOGIN)
        .send({ email: other.email, password: other.password, otp: codeAt(enrolled.secret, clock) })
        .expect(200);
    });
  });

  describe('enrolment through the API', () => {
    it('sets up, refuses a wrong first code, confirms, and does not start over once enrolled', async () => {
      const other = await t.createStaff([Role.Inspector]);
      const login = await request(t.url).post(LOGIN).send({ email: other.email, password: other.password }).expect(200);
      const auth = { Authorization: `Bearer ${login.body.accessToken}` };
      const setup = await request(t.url).post('/api/v1/auth/2fa/setup').set(auth).expect(200);
      expect(setup.body.otpauthUri).toBe(`otpauth://totp/WBS%20Inspektorat:${encodeURIComponent(other.email)}?issuer=WBS%20Inspektorat&secret=${setup.body.secret}&algorithm=SHA1&digits=6&period=30`);
      const bad = await request(t.url)
        .post('/api/v1/auth/2fa/confirm')
        .set(auth)
        .send({ otp: wrongCode(codeAt(setup.body.secret, clock)) })
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'otp', message: translate('id', 'auth.totp_code_wrong') }]);
      expect((await request(t.url).get('/api/v1/cases').set(auth).expect(403)).body.code).toBe('totp_enrolment_required');

      const confirmed = await request(t.url)
        .post('/api/v1/auth/2fa/confirm')
        .set(auth)
        .send({ otp: codeAt(setup.body.secret, clock) })
        .expect(200);
      expect(confirmed.body.recoveryCodes).toHaveLength(10);
      // The same session is now a full one.
      await request(t.url).get('/api/v1/cases').set(auth).expect(200);
      const status = await request(t.url).get('/api/v1/auth/2fa').set(auth).expect(200);
      expect(status.body).toMatchObject({ required: true, enrolled: true, recoveryCodesLeft: 10 });
      expect((await request(t.url).post('/api/v1/auth/2fa/setup').set(auth).expect(409)).body.code).toBe('totp_already_enrolled');
      expect(
        (
          await request(t.url)
            .post('/api/v1/auth/2fa/confirm')
            .set(auth)
            .send({ otp: codeAt(setup.body.secret, clock, 1) })
            .expect(409)
        ).body.code,
      ).toBe('totp_already_enrolled');
    });

    it('asks for the one-time password to be changed first, then for enrolment', async () => {
      const created = await t.app.get(StaffService).create({ email: `baru-${Date.now()}@kendarikota.go.id`, name: 'Petugas Baru', roles: [Role.Inspector] });
      const agent = browser(t);
      const res = await signInPage(agent, created.staff.email, created.oneTimePassword!, 303);
      expect(res.headers.location).toBe('/staff/password');
      expect((await agent.get('/staff/2fa').expect(303)).headers.location).toBe('/staff/password');
      const form = await agent.get('/staff/password').expect(200);
      const changed = await agent
        .post('/staff/password')
        .type('form')
        .send({ _csrf: csrfOf(form.text), current_password: created.oneTimePassword, new_password: 'anggrek ungu di bukit nipa-nipa', confirm_password: 'anggrek ungu di bukit nipa-nipa' })
        .expect(303);
      expect(changed.headers.location).toBe('/staff/2fa');
      await agent.get('/staff/2fa').expect(200);
      expect((await agent.get('/staff/cases').expect(303)).headers.location).toBe('/staff/2fa');
    });
  });

  it('lets an admin reset the enrolment of a member who lost their authenticator', async () => {
    const lost = await t.createStaff([Role.Inspector]);
    const enrolled = await enrolViaApi(lost);
    const admin = await t.createStaff([Role.Admin]);
    const adminAuth = (await enrolViaApi(admin)).auth;
    const inspector = await t.createStaff([Role.Supervisor]);
    const notAdmin = (await enrolViaApi(inspector)).auth;
    await request(t.url).post(`/api/v1/admin/staff/${lost.id}/two-factor-reset`).set(notAdmin).expect(403);
    const res = await request(t.url).post(`/api/v1/admin/staff/${lost.id}/two-factor-reset`).set(adminAuth).expect(200);
    expect(res.body.twoFactorEnrolled).toBe(false);
    await request(t.url).get('/api/v1/auth/me').set(enrolled.auth).expect(401); // sessions ended
    expect(await t.db.query(`SELECT 1 FROM staff_recovery_codes WHERE staff_id = $1`, [lost.id])).toHaveLength(0);
    // Password alone now signs in, into enrolment only.
    const again = await request(t.url).post(LOGIN).send({ email: lost.email, password: lost.password }).expect(200);
    expect(again.body.totpEnrolmentRequired).toBe(true);
    const adminId = (await request(t.url).get('/api/v1/auth/me').set(adminAuth).expect(200)).body.id;
    await request(t.url).post(`/api/v1/admin/staff/${adminId}/two-factor-reset`).set(adminAuth).expect(409);
  });

  it('keeps no TOTP secret in clear anywhere in the database, nor in the log', async () => {
    const raw = Buffer.from(Secret.fromBase32(secret).buffer);
    expect(raw).toHaveLength(20);
    const tables = await t.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    let dump = '';
    for (const { table_name } of tables) {
      for (const row of await t.db.query<{ r: string }>(`SELECT t::text AS r FROM "${table_name}" t`)) dump += row.r + '\n';
    }
    expect(dump).toContain(member.email); // the dump is real: it holds the staff rows
    const [stored] = await t.db.query<{ totp_secret: Buffer }>(`SELECT totp_secret FROM staff WHERE id = $1`, [member.id]);
    expect(stored.totp_secret).toHaveLength(60);
    expect(dump.toLowerCase()).toContain(stored.totp_secret.toString('hex'));
    for (const needle of [secret, secret.toLowerCase(), raw.toString('hex'), raw.toString('base64'), raw.toString('base64url')]) {
      expect(dump).not.toContain(needle);
      expect(dump.toLowerCase()).not.toContain(needle.toLowerCase());
    }
    for (const code of recoveryCodes) expect(dump).not.toContain(code.replace('-', ''));
    expect(t.logs()).not.toContain(secret);
  });
});

describe('staff two-factor sign-in (STAFF_2FA=optional)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    t = await startTestApp({ env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000' }, clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a member without TOTP in with the password alone', async () => {
    const member = await t.createStaff([Role.Supervisor]);
    const login = await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(200);
    expect(login.body.totpEnrolmentRequired).toBe(false);
    await request(t.url).get('/api/v1/cases').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    const agent = browser(t);
    expect((await signInPage(agent, member.email, member.password, 303)).headers.location).toBe('/staff');
    const page = await agent.get('/staff/2fa').expect(200);
    expect(page.text).toContain(translate('id', 'auth.totp_optional_notice'));
  });

  it('describes the enrolment endpoints in the OpenAPI document', async () => {
    const doc = { body: await apiDocument(t) };
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/2fa', '/api/v1/auth/2fa/setup', '/api/v1/auth/2fa/confirm']));
    expect(doc.body.components.schemas.TotpConfirmDto.required).toEqual(['otp']);
  });

  it('still asks a member who chose to enrol for the code', async () => {
    const member = await t.createStaff([Role.Inspector]);
    const login = await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const setup = await request(t.url).post('/api/v1/auth/2fa/setup').set(auth).expect(200);
    await request(t.url)
      .post('/api/v1/auth/2fa/confirm')
      .set(auth)
      .send({ otp: codeAt(setup.body.secret, clock) })
      .expect(200);
    clock.advance(STEP_MS);
    expect((await request(t.url).post(LOGIN).send({ email: member.email, password: member.password }).expect(401)).body.code).toBe('otp_required');
    await request(t.url)
      .post(LOGIN)
      .send({ email: member.email, password: member.password, otp: codeAt(setup.body.secret, clock) })
      .expect(200);
  });
});
