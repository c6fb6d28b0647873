import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import request from 'supertest';
import { Role } from '../src/staff/role';
import { StaffService } from '../src/staff/staff.service';
import { parseEscrowKeyText } from '../src/staff/escrow-key-file';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';

/** `request(url)[method](path)` as one call: split over lines, `[method]` would read as indexing the line before. */
const call = (url: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => request(url)[method](path);

/**
 * Issue 3, admin part: staff accounts, categories and OPDs through the API and the pages; who
 * may do it (admins only); what deactivation and an escrow reset do to sessions and case keys;
 * and that bad input gets a clear error and stores nothing.
 */

const NARRATIVE = 'ADMIN-UJI-5521 kepala seksi meminta uang pelicin';
const I18N_KEY = /\b(?:admin|staff|catalog|auth|password|http)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b/;

function report(extra: Record<string, unknown> = {}) {
  return {
    category: 'illegal_levy',
    opd: 'DUKCAPIL',
    title: 'Uang pelicin untuk akta kelahiran',
    description: `${NARRATIVE}: setiap pengurusan akta kelahiran dimintai Rp 100.000 tanpa kuitansi.`,
    anonymous: true,
    consent: 'yes',
    ...extra,
  };
}

/** Files a report through the public API; returns the new case's id. */
async function submitReport(t: TestApp, extra: Record<string, unknown> = {}): Promise<string> {
  await request(t.url).post('/api/v1/reports').send(report(extra)).expect(201);
  const [row] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY submitted_at DESC, number DESC LIMIT 1`);
  return row.id;
}

async function sealedTo(t: TestApp, caseId: string): Promise<string[]> {
  return (await t.db.query<{ staff_id: string }>(`SELECT staff_id FROM case_keys WHERE case_id = $1`, [caseId])).map((k) => k.staff_id);
}

async function login(t: TestApp, email: string, password: string): Promise<string> {
  const res = await request(t.url).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return res.body.accessToken as string;
}

/** A page-signed-in browser stand-in: session cookie plus the CSRF token the pages carry. */
async function pageSession(t: TestApp, email: string, password: string) {
  const agent = request.agent(t.url);
  const form = await agent.get('/staff/login').expect(200);
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  const signedIn = await agent.post('/staff/login').type('form').send({ _csrf: loginCsrf, email, password }).expect(303);
  return { agent, location: signedIn.headers.location as string };
}

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1];
}

/** Everything an admin can change, as one comparable value. */
async function adminState(t: TestApp) {
  const [row] = await t.db.query<Record<string, unknown>>(`SELECT
    (SELECT json_agg(s ORDER BY s.id) FROM (SELECT id, email, name, roles, opd_code, active, must_change_password, private_key_wrapped, kdf_salt FROM staff) s) AS staff,
    (SELECT count(*) FROM staff_sessions WHERE ended_at IS NULL) AS open_sessions,
    (SELECT json_agg(c ORDER BY c.code) FROM categories c) AS categories,
    (SELECT json_agg(o ORDER BY o.code) FROM opds o) AS opds,
    (SELECT count(*) FROM outbox) AS events`);
  return row;
}

async function events(t: TestApp, type: string) {
  return t.db.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM outbox WHERE type = $1 ORDER BY occurred_at, id`, [type]);
}

describe('admin: staff accounts, categories and OPDs', () => {
  let t: TestApp;
  let escrowKey: string;
  let admin: { id: string; email: string; token: string };
  let supervisor: { id: string; email: string; password: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { STAFF_2FA: 'optional', RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_REPORT: '1000' } });
    // The first member of a fresh database creates the escrow key pair and writes its private half to a file.
    const first = await t.app.get(StaffService).create({ email: 'admin-satu@kendarikota.go.id', name: 'Admin Satu', roles: [Role.Admin], password: TEST_PASSWORD });
    escrowKey = parseEscrowKeyText(fs.readFileSync(first.escrowKeyFile!, 'utf8')).toString('base64');
    expect(escrowKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    admin = { id: first.staff.id, email: first.staff.email, token: await login(t, first.staff.email, TEST_PASSWORD) };
    supervisor = await t.createStaff([Role.Supervisor]);
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

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('access: admins only', () => {
    /** Every admin endpoint, each with a body that would succeed for an admin. */
    function endpoints(staffId: string): [method: 'get' | 'post' | 'patch', path: string, body?: Record<string, unknown>][] {
      const newMember = { email: `tamu-${randomBytes(3).toString('hex')}@kendarikota.go.id`, name: 'Tamu', roles: ['inspector'] };
      return [
        ['get', '/api/v1/admin/staff'],
        ['get', `/api/v1/admin/staff/${staffId}`],
        ['post', '/api/v1/admin/staff', newMember],
        ['patch', `/api/v1/admin/staff/${staffId}`, { name: 'Diubah' }],
        ['post', `/api/v1/admin/staff/${staffId}/deactivate`],
        ['post', `/api/v1/admin/staff/${staffId}/reactivate`],
        ['post', `/api/v1/admin/staff/${staffId}/password-reset`, { escrow_key: escrowKey }],
        ['get', '/api/v1/admin/categories'],
        ['get', '/api/v1/admin/categories/corruption'],
        ['post', '/api/v1/admin/categories', { code: 'denied_category', name_id: 'Ditolak', name_en: 'Denied' }],
        ['patch', '/api/v1/admin/categories/corruption', { name_en: 'Changed' }],
        ['post', '/api/v1/admin/categories/corruption/deactivate'],
        ['post', '/api/v1/admin/categories/corruption/reactivate'],
        ['get', '/api/v1/admin/opds'],
        ['get', '/api/v1/admin/opds/DUKCAPIL'],
        ['post', '/api/v1/admin/opds', { code: 'DENIED', name: 'Ditolak', kind: 'unit' }],
        ['patch', '/api/v1/admin/opds/DUKCAPIL', { name: 'Diubah' }],
        ['post', '/api/v1/admin/opds/DUKCAPIL/deactivate'],
        ['post', '/api/v1/admin/opds/DUKCAPIL/reactivate'],
        ['get', '/staff/admin'],
        ['get', '/staff/admin/staff'],
        ['get', '/staff/admin/staff/new'],
        ['post', '/staff/admin/staff', newMember],
        ['get', `/staff/admin/staff/${staffId}`],
        ['post', `/staff/admin/staff/${staffId}`, { name: 'Diubah', roles: 'supervisor' }],
        ['post', `/staff/admin/staff/${staffId}/deactivate`],
        ['post', `/staff/admin/staff/${staffId}/reactivate`],
        ['post', `/staff/admin/staff/${staffId}/password-reset`, { escrow_key: escrowKey }],
        ['get', '/staff/admin/categories'],
        ['post', '/staff/admin/categories', { code: 'denied_category', name_id: 'Ditolak', name_en: 'Denied' }],
        ['get', '/staff/admin/categories/corruption'],
        ['post', '/staff/admin/categories/corruption', { name_id: 'Diubah', name_en: 'Changed' }],
        ['post', '/staff/admin/categories/corruption/deactivate'],
        ['post', '/staff/admin/categories/corruption/reactivate'],
        ['get', '/staff/admin/opds'],
        ['post', '/staff/admin/opds', { code: 'DENIED', name: 'Ditolak', kind: 'unit' }],
        ['get', '/staff/admin/opds/DUKCAPIL'],
        ['post', '/staff/admin/opds/DUKCAPIL', { name: 'Diubah', kind: 'unit' }],
        ['post', '/staff/admin/opds/DUKCAPIL/deactivate'],
        ['post', '/staff/admin/opds/DUKCAPIL/reactivate'],
      ];
    }

    it('refuses supervisors, inspectors, auditors, custodians and every other role at once (403), changing nothing', async () => {
      const target = await t.createStaff([Role.Inspector]);
      const before = await adminState(t);
      const who = [[Role.Supervisor], [Role.Inspector], [Role.Auditor], [Role.Custodian], [Role.Supervisor, Role.Inspector, Role.Auditor]];
      for (const roles of who) {
        const member = await t.createStaff(roles);
        const token = await login(t, member.email, member.password);
        const stateBefore = { ...(await adminState(t)) };
        for (const [method, path, body] of endpoints(target.id)) {
          const res = await call(t.url, method, path)
            .set(bearer(token))
            .send(body ?? {});
          expect({ roles, method, path, status: res.status }).toEqual({ roles, method, path, status: 403 });
        }
        expect(await adminState(t)).toEqual(stateBefore);
      }
      expect((await adminState(t)).staff).toHaveLength((before.staff as unknown[]).length + who.length);
    });

    it('asks who is there when nobody is signed in: 401 from the API, the sign-in page for pages', async () => {
      const before = await adminState(t);
      for (const [method, path, body] of endpoints(supervisor.id)) {
        const res = await call(t.url, method, path).send(body ?? {});
        if (path.startsWith('/api/')) expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 401, code: 'not_signed_in' });
        else expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 303, location: '/staff/login' });
      }
      expect(await adminState(t)).toEqual(before);
    });

    it('refuses an admin page form without its CSRF token', async () => {
      const { agent } = await pageSession(t, admin.email, TEST_PASSWORD);
      const before = await adminState(t);
      await agent.post('/staff/admin/categories').type('form').send({ code: 'no_token', name_id: 'Tanpa token', name_en: 'No token' }).expect(403);
      await agent.post(`/staff/admin/staff/${supervisor.id}/deactivate`).type('form').send({ _csrf: 'forged' }).expect(403);
      expect(await adminState(t)).toEqual(before);
    });

    it('shows the admin link in the staff menu to admins only', async () => {
      const adminPage = await request(t.url).get('/staff/admin/staff').set(bearer(admin.token)).expect(200);
      expect(adminPage.text).toContain('href="/staff/admin/staff"');
      const token = await login(t, supervisor.email, supervisor.password);
      const inbox = await request(t.url).get('/staff/cases').set(bearer(token)).expect(200);
      expect(inbox.text).not.toContain('/staff/admin');
    });
  });

  describe('staff accounts', () => {
    it('creates a member with a one-time password shown once, which must be changed at first sign-in', async () => {
      const res = await request(t.url)
        .post('/api/v1/admin/staff')
        .set(bearer(admin.token))
        .send({ email: '  Pemeriksa.Baru@KendariKota.go.id ', name: ' La Ode Pemeriksa ', roles: ['inspector'], opd: 'DUKCAPIL' })
        .expect(201);
      expect(res.body.staff).toEqual(expect.objectContaining({ email: 'pemeriksa.baru@kendarikota.go.id', name: 'La Ode Pemeriksa', roles: ['inspector'], opdCode: 'DUKCAPIL', active: true }));
      expect(res.body.oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      expect(JSON.stringify(res.body)).not.toMatch(/privateKey|escrow|publicKey/i);
      const signIn = await request(t.url).post('/api/v1/auth/login').send({ email: 'pemeriksa.baru@kendarikota.go.id', password: res.body.oneTimePassword }).expect(200);
      expect(signIn.body.mustChangePassword).toBe(true);

      const [event] = await events(t, 'staff.member-created');
      expect(event.payload).toEqual({ staffId: res.body.staff.id, actorId: admin.id, roles: ['inspector'], opdCode: 'DUKCAPIL' });
      const list = await request(t.url).get('/api/v1/admin/staff').set(bearer(admin.token)).expect(200);
      expect(list.body.find((s: { id: string }) => s.id === res.body.staff.id)).toEqual(expect.objectContaining({ mustChangePassword: true, active: true }));
    });

    describe('bad input: a clear error, nothing stored', () => {
      let before: Record<string, unknown>;
      beforeEach(async () => {
        before = await adminState(t);
      });
      afterEach(async () => {
        expect(await adminState(t)).toEqual(before);
      });

      it.each([
        ['everything missing', {}, ['email', 'name', 'roles']],
        ['a bad e-mail, an over-long name, an unknown role', { email: 'bukan-email', name: 'n'.repeat(121), roles: ['inspector', 'boss'] }, ['email', 'name', 'roles']],
        ['an unknown OPD', { email: 'opd.salah@kendarikota.go.id', name: 'Salah OPD', roles: ['inspector'], opd: 'NOPE' }, ['opd']],
        ['fields of the wrong type', { email: 42, name: { a: 1 }, roles: 'inspector' }, ['email', 'name']],
      ])('create: %s', async (_name, body, fields) => {
        const res = await request(t.url).post('/api/v1/admin/staff').set(bearer(admin.token)).send(body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
        for (const e of res.body.errors) expect(e.message).not.toMatch(I18N_KEY);
      });

      it('create: an e-mail already in use (409, beside the e-mail field)', async () => {
        const res = await request(t.url)
          .post('/api/v1/admin/staff')
          .set(bearer(admin.token))
          .send({ email: supervisor.email.toUpperCase(), name: 'Kembar', roles: ['inspector'] })
          .expect(409);
        expect(res.body.errors).toEqual([{ field: 'email', message: 'E-mail ini sudah dipakai akun lain.' }]);
      });

      it('edit: no roles, an unknown role, an empty name, an unknown OPD', async () => {
        const res = await request(t.url).patch(`/api/v1/admin/staff/${supervisor.id}`).set(bearer(admin.token)).send({ name: '  ', roles: [], opd: 'NOPE' }).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'opd', 'roles']);
        await request(t.url)
          .patch(`/api/v1/admin/staff/${supervisor.id}`)
          .set(bearer(admin.token))
          .send({ roles: ['root'] })
          .expect(400);
      });

      it('an unknown member: 404; a malformed id: 400', async () => {
        await request(t.url).patch('/api/v1/admin/staff/00000000-0000-4000-8000-000000000000').set(bearer(admin.token)).send({ name: 'Siapa' }).expect(404);
        await request(t.url).post('/api/v1/admin/staff/not-a-uuid/deactivate').set(bearer(admin.token)).expect(400);
      });

      it('an admin cannot deactivate themselves (403)', async () => {
        const res = await request(t.url).post(`/api/v1/admin/staff/${admin.id}/deactivate`).set(bearer(admin.token)).expect(403);
        expect(res.body.message).toBe('Anda tidak dapat menonaktifkan akun Anda sendiri.');
      });

      it('an admin cannot change their own roles, even the last admin giving up admin (403)', async () => {
        const res = await request(t.url)
          .patch(`/api/v1/admin/staff/${admin.id}`)
          .set(bearer(admin.token))
          .send({ roles: ['supervisor'] })
          .expect(403);
        expect(res.body.errors).toEqual([{ field: 'roles', message: expect.stringMatching(/peran, OPD, atau status aktif akun Anda sendiri/) }]);
      });
    });

    it('edits name, roles and OPD; a role change applies to open sessions at once', async () => {
      const member = await t.createStaff([Role.Inspector]);
      const token = await login(t, member.email, member.password);
      await request(t.url).get('/api/v1/admin/opds').set(bearer(token)).expect(403);
      await request(t.url).get('/api/v1/audit').set(bearer(token)).expect(403);
      const res = await request(t.url)
        .patch(`/api/v1/admin/staff/${member.id}`)
        .set(bearer(admin.token))
        .send({ name: 'Nama Baru', roles: ['inspector', 'auditor'], opd: 'DUKCAPIL' })
        .expect(200);
      expect(res.body).toEqual(expect.objectContaining({ name: 'Nama Baru', roles: ['inspector', 'auditor'], opdCode: 'DUKCAPIL', pendingGrants: [] }));
      await request(t.url).get('/api/v1/audit').set(bearer(token)).expect(200);
      const updated = (await events(t, 'staff.member-updated')).at(-1)!;
      expect(updated.payload).toEqual({
        staffId: member.id,
        actorId: admin.id,
        changed: ['name', 'roles', 'opd'],
        roles: ['inspector', 'auditor'],
        previousRoles: ['inspector'],
        opdCode: 'DUKCAPIL',
        previousOpdCode: null,
      });
      // Saving the same values again is no change: no event.
      const count = (await events(t, 'staff.member-updated')).length;
      await request(t.url)
        .patch(`/api/v1/admin/staff/${member.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['inspector', 'auditor', 'auditor'] })
        .expect(200);
      expect(await events(t, 'staff.member-updated')).toHaveLength(count);
      // Back to inspector only, without an OPD.
      const cleared = await request(t.url)
        .patch(`/api/v1/admin/staff/${member.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['inspector'], opd: null })
        .expect(200);
      expect(cleared.body).toEqual(expect.objectContaining({ roles: ['inspector'], opdCode: null }));
      await request(t.url).get('/api/v1/audit').set(bearer(token)).expect(403);
    });

    it('lets one admin remove another admin role at once while another active admin remains', async () => {
      const second = await t.createStaff([Role.Admin, Role.Auditor]);
      const secondToken = await login(t, second.email, second.password);
      await request(t.url)
        .patch(`/api/v1/admin/staff/${admin.id}`)
        .set(bearer(secondToken))
        .send({ roles: ['admin', 'auditor'] })
        .expect(200);
      const res = await request(t.url)
        .patch(`/api/v1/admin/staff/${second.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['auditor'] })
        .expect(200);
      expect(res.body.roles).toEqual(['auditor']);
      await request(t.url).get('/api/v1/admin/staff').set(bearer(secondToken)).expect(403);
      // The first admin is the last one again, and cannot touch their own roles either way.
      await request(t.url)
        .patch(`/api/v1/admin/staff/${admin.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['admin'] })
        .expect(403);
      expect((await t.db.query(`SELECT roles FROM staff WHERE id = $1`, [admin.id]))[0].roles).toEqual(['admin', 'auditor']);
    });

    it('deactivation ends the sessions at once and seals no key of a later report to the member; reactivation restores sign-in', async () => {
      const second = await t.createStaff([Role.Supervisor]);
      const token = await login(t, second.email, second.password);
      const pages = await pageSession(t, second.email, second.password);
      await request(t.url).get('/api/v1/auth/me').set(bearer(token)).expect(200);
      await pages.agent.get('/staff/cases').expect(200);
      // A report just before: both supervisors receive its key, and the key holders are now cached.
      expect(await sealedTo(t, await submitReport(t))).toContain(second.id);

      const res = await request(t.url).post(`/api/v1/admin/staff/${second.id}/deactivate`).set(bearer(admin.token)).expect(200);
      expect(res.body.active).toBe(false);
      await request(t.url).get('/api/v1/auth/me').set(bearer(token)).expect(401);
      await pages.agent.get('/staff/cases').expect(303);
      const [open] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM staff_sessions WHERE staff_id = $1 AND ended_at IS NULL`, [second.id]);
      expect(open.n).toBe(0);
      await request(t.url).post('/api/v1/auth/login').send({ email: second.email, password: second.password }).expect(401);

      const later = await sealedTo(t, await submitReport(t));
      expect(later).not.toContain(second.id);
      expect(later).toContain(supervisor.id);

      const [deactivated] = (await events(t, 'staff.member-deactivated')).slice(-1);
      expect(deactivated.payload).toEqual({ staffId: second.id, actorId: admin.id, roles: ['supervisor'], endedSessions: 2 });

      await request(t.url).post(`/api/v1/admin/staff/${second.id}/reactivate`).set(bearer(admin.token)).expect(200);
      const again = await login(t, second.email, second.password);
      await request(t.url).get('/api/v1/auth/me').set(bearer(again)).expect(200);
      expect(await sealedTo(t, await submitReport(t))).toContain(second.id);
      expect((await events(t, 'staff.member-reactivated')).at(-1)!.payload).toEqual({ staffId: second.id, actorId: admin.id, roles: ['supervisor'] });
    });

    it('a removed supervisor role stops the sealing of new report keys to the member', async () => {
      const member = await t.createStaff([Role.Supervisor, Role.Auditor]);
      expect(await sealedTo(t, await submitReport(t))).toContain(member.id); // and the key holders are now cached
      await request(t.url)
        .patch(`/api/v1/admin/staff/${member.id}`)
        .set(bearer(admin.token))
        .send({ roles: ['auditor'] })
        .expect(200);
      expect(await sealedTo(t, await submitReport(t))).not.toContain(member.id);
    });
  });

  describe('password reset through the escrow key', () => {
    let member: { id: string; email: string; password: string };
    let caseId: string;

    beforeAll(async () => {
      member = await t.createStaff([Role.Supervisor]);
      caseId = await submitReport(t);
      const token = await login(t, member.email, member.password);
      const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(bearer(token)).expect(200);
      expect(detail.body.report.description).toContain(NARRATIVE);
    });

    it('refuses a wrong or malformed key with a clear error and changes nothing', async () => {
      const token = await login(t, member.email, member.password);
      const before = await adminState(t);
      const wrong = randomBytes(32).toString('base64');
      const res = await request(t.url).post(`/api/v1/admin/staff/${member.id}/password-reset`).set(bearer(admin.token)).send({ escrow_key: wrong }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'escrow_key', message: 'Ini bukan kunci escrow organisasi. Tidak ada yang diubah.' }]);
      for (const [key, message] of [
        ['abc', /44 karakter base64/],
        ['', /Masukkan kunci privat escrow/],
        [escrowKey.slice(0, -2) + '!=', /44 karakter base64/],
      ] as const) {
        const r = await request(t.url).post(`/api/v1/admin/staff/${member.id}/password-reset`).set(bearer(admin.token)).send({ escrow_key: key }).expect(400);
        expect(r.body.errors[0]).toEqual({ field: 'escrow_key', message: expect.stringMatching(message) });
      }
      expect(await adminState(t)).toEqual(before);
      await request(t.url).get('/api/v1/auth/me').set(bearer(token)).expect(200);
      await login(t, member.email, member.password);
    });

    it("refuses to reset the admin's own password", async () => {
      const res = await request(t.url).post(`/api/v1/admin/staff/${admin.id}/password-reset`).set(bearer(admin.token)).send({ escrow_key: escrowKey }).expect(409);
      expect(res.body.message).toMatch(/Ganti kata sandi/);
    });

    it("gives a one-time password, ends the sessions, forces a change, and keeps access to the member's cases", async () => {
      const oldToken = await login(t, member.email, member.password);
      const [keyBefore] = await t.db.query<{ public_key: Buffer; private_key_escrow: Buffer }>(`SELECT public_key, private_key_escrow FROM staff WHERE id = $1`, [member.id]);
      const sealedBefore = await t.db.query(`SELECT case_id, kind, sealed FROM case_keys WHERE staff_id = $1 ORDER BY case_id, kind`, [member.id]);
      const [open] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM staff_sessions WHERE staff_id = $1 AND ended_at IS NULL`, [member.id]);
      expect(open.n).toBeGreaterThan(0);

      // As printed and copied: split over lines, with spaces.
      const typed = `${escrowKey.slice(0, 20)}\n  ${escrowKey.slice(20)} `;
      const res = await request(t.url).post(`/api/v1/admin/staff/${member.id}/password-reset`).set(bearer(admin.token)).send({ escrow_key: typed }).expect(200);
      const oneTime = res.body.oneTimePassword as string;
      expect(oneTime).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      expect(res.body.staff.id).toBe(member.id);

      await request(t.url).get('/api/v1/auth/me').set(bearer(oldToken)).expect(401);
      await request(t.url).post('/api/v1/auth/login').send({ email: member.email, password: member.password }).expect(401);
      const [keyAfter] = await t.db.query<{ public_key: Buffer; private_key_escrow: Buffer; must_change_password: boolean }>(
        `SELECT public_key, private_key_escrow, must_change_password FROM staff WHERE id = $1`,
        [member.id],
      );
      expect(keyAfter.public_key.equals(keyBefore.public_key)).toBe(true);
      expect(keyAfter.private_key_escrow.equals(keyBefore.private_key_escrow)).toBe(true);
      expect(keyAfter.must_change_password).toBe(true);
      expect(await t.db.query(`SELECT case_id, kind, sealed FROM case_keys WHERE staff_id = $1 ORDER BY case_id, kind`, [member.id])).toEqual(sealedBefore);

      // The one-time password signs in, but nothing works before the change.
      const first = await request(t.url).post('/api/v1/auth/login').send({ email: member.email, password: oneTime }).expect(200);
      expect(first.body.mustChangePassword).toBe(true);
      const blocked = await request(t.url).get(`/api/v1/cases/${caseId}`).set(bearer(first.body.accessToken)).expect(403);
      expect(blocked.body.code).toBe('password_change_required');

      const { agent, location } = await pageSession(t, member.email, oneTime);
      expect(location).toBe('/staff/password');
      const form = await agent.get('/staff/password').expect(200);
      const newPassword = 'sagu lempeng dari wakatobi';
      await agent
        .post('/staff/password')
        .type('form')
        .send({ _csrf: csrfOf(form.text), current_password: oneTime, new_password: newPassword, confirm_password: newPassword })
        .expect(303);

      const token = await login(t, member.email, newPassword);
      const detail = await request(t.url).get(`/api/v1/cases/${caseId}`).set(bearer(token)).expect(200);
      expect(detail.body.report.description).toContain(NARRATIVE);

      expect((await events(t, 'staff.password-reset')).at(-1)!.payload).toEqual({ staffId: member.id, actorId: admin.id, method: 'escrow', endedSessions: open.n });
    });

    it('works from the page too, and the page never shows the key typed in', async () => {
      const other = await t.createStaff([Role.Inspector]);
      const { agent } = await pageSession(t, admin.email, TEST_PASSWORD);
      const page = await agent.get(`/staff/admin/staff/${other.id}`).expect(200);
      const csrf = csrfOf(page.text);
      const wrong = randomBytes(32).toString('base64');
      const refused = await agent.post(`/staff/admin/staff/${other.id}/password-reset`).type('form').send({ _csrf: csrf, escrow_key: wrong }).expect(400);
      expect(refused.text).toContain('id="escrow_key-error"');
      expect(refused.text).toContain('Ini bukan kunci escrow organisasi');
      expect(refused.text).not.toContain(wrong);
      const done = await agent.post(`/staff/admin/staff/${other.id}/password-reset`).type('form').send({ _csrf: csrf, escrow_key: escrowKey }).expect(200);
      const oneTime = /id="one-time-password"[^>]*>([a-z2-9-]+)</.exec(done.text)![1];
      expect(done.text).not.toContain(escrowKey);
      const signIn = await request(t.url).post('/api/v1/auth/login').send({ email: other.email, password: oneTime }).expect(200);
      expect(signIn.body.mustChangePassword).toBe(true);
    });

    it('leaves the escrow key in neither the database nor the log', async () => {
      const tables = await t.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
      let dump = '';
      for (const { table_name } of tables) dump += (await t.db.query<{ r: string }>(`SELECT t::text AS r FROM "${table_name}" t`)).map((r) => r.r).join('\n');
      const raw = Buffer.from(escrowKey, 'base64');
      expect({ base64: dump.includes(escrowKey), hex: dump.includes(raw.toString('hex')) }).toEqual({ base64: false, hex: false });
      expect(t.logs()).not.toContain(escrowKey);
      expect(t.logs()).not.toContain(escrowKey.slice(0, 20));
    });
  });

  describe('categories', () => {
    const meta = async (lang = 'id') => (await request(t.url).get(`/api/v1/meta/categories?lang=${lang}`).expect(200)).body as { code: string; name: string }[];

    it('adds a category that intake accepts at once, then renames it in both languages', async () => {
      await request(t.url).post('/api/v1/reports').send(report()).expect(201); // the intake's copy of the codes is now fresh
      const res = await request(t.url)
        .post('/api/v1/admin/categories')
        .set(bearer(admin.token))
        .send({ code: 'school_levy', name_id: 'Pungutan liar di sekolah', name_en: 'Illegal levies at schools', description_id: 'Misalnya uang seragam yang dipaksakan.' })
        .expect(201);
      expect(res.body).toEqual(expect.objectContaining({ code: 'school_levy', active: true, descriptionEn: '' }));
      expect(await meta()).toContainEqual({ code: 'school_levy', name: 'Pungutan liar di sekolah' });
      await request(t.url)
        .post('/api/v1/reports')
        .send(report({ category: 'school_levy' }))
        .expect(201);

      await request(t.url).patch('/api/v1/admin/categories/school_levy').set(bearer(admin.token)).send({ name_id: 'Pungli di sekolah', name_en: 'School levies' }).expect(200);
      expect(await meta('id')).toContainEqual({ code: 'school_levy', name: 'Pungli di sekolah' });
      expect(await meta('en')).toContainEqual({ code: 'school_levy', name: 'School levies' });

      expect((await events(t, 'catalog.category-changed')).map((e) => e.payload)).toEqual([
        { code: 'school_levy', actorId: admin.id, change: 'added', active: true, changed: ['code', 'name_id', 'name_en', 'description_id', 'description_en'] },
        { code: 'school_levy', actorId: admin.id, change: 'updated', active: true, changed: ['name_id', 'name_en'] },
      ]);
    });

    it('deactivates: gone from the meta API and the form, refused by intake; reactivates', async () => {
      await request(t.url).post('/api/v1/reports').send(report()).expect(201);
      await request(t.url).post('/api/v1/admin/categories/school_levy/deactivate').set(bearer(admin.token)).expect(200);
      expect((await meta()).map((c) => c.code)).not.toContain('school_levy');
      const form = await request(t.url).get('/report').expect(200);
      expect(form.text).not.toContain('value="school_levy"');
      expect(form.text).toContain('value="illegal_levy"');
      const refused = await request(t.url)
        .post('/api/v1/reports')
        .send(report({ category: 'school_levy' }))
        .expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['category']);
      // Still listed for admins, as inactive.
      const all = await request(t.url).get('/api/v1/admin/categories').set(bearer(admin.token)).expect(200);
      expect(all.body.find((c: { code: string }) => c.code === 'school_levy').active).toBe(false);

      await request(t.url).post('/api/v1/admin/categories/school_levy/reactivate').set(bearer(admin.token)).expect(200);
      expect((await meta()).map((c) => c.code)).toContain('school_levy');
      await request(t.url)
        .post('/api/v1/reports')
        .send(report({ category: 'school_levy' }))
        .expect(201);
    });

    describe('bad input: a clear error, nothing stored', () => {
      let before: Record<string, unknown>;
      beforeEach(async () => {
        before = await adminState(t);
      });
      afterEach(async () => {
        expect(await adminState(t)).toEqual(before);
      });

      it.each([
        ['everything missing', {}, ['code', 'name_id', 'name_en']],
        ['a code with capitals and spaces', { code: 'Pungli Sekolah', name_id: 'Pungli', name_en: 'Levy' }, ['code']],
        ['a code of one letter, or starting with a digit', { code: '9levy', name_id: 'Pungli', name_en: 'Levy' }, ['code']],
        ['a code over 40 characters', { code: 'a'.repeat(41), name_id: 'Pungli', name_en: 'Levy' }, ['code']],
        ['names too short and too long', { code: 'new_one', name_id: ' x ', name_en: 'y'.repeat(121) }, ['name_id', 'name_en']],
        ['a description over 500 characters', { code: 'new_one', name_id: 'Baru', name_en: 'New', description_en: 'd'.repeat(501) }, ['description_en']],
      ])('add: %s', async (_name, body, fields) => {
        const res = await request(t.url).post('/api/v1/admin/categories').set(bearer(admin.token)).send(body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
        for (const e of res.body.errors) expect(e.message).not.toMatch(I18N_KEY);
      });

      it('add: a code already in use (409)', async () => {
        const res = await request(t.url).post('/api/v1/admin/categories').set(bearer(admin.token)).send({ code: 'corruption', name_id: 'Korupsi lagi', name_en: 'Corruption again' }).expect(409);
        expect(res.body.errors).toEqual([{ field: 'code', message: 'Kode ini sudah dipakai.' }]);
      });

      it('edit: the code cannot change; names keep their limits; unknown codes are 404', async () => {
        const res = await request(t.url).patch('/api/v1/admin/categories/corruption').set(bearer(admin.token)).send({ code: 'graft', name_id: 'Korupsi' }).expect(400);
        expect(res.body.errors).toEqual([{ field: 'code', message: expect.stringMatching(/tidak dapat diubah/) }]);
        await request(t.url).patch('/api/v1/admin/categories/corruption').set(bearer(admin.token)).send({ name_en: '' }).expect(400);
        await request(t.url).patch('/api/v1/admin/categories/nope').set(bearer(admin.token)).send({ name_en: 'Nope' }).expect(404);
      });

      it('the last active category stays active', async () => {
        const all = (await request(t.url).get('/api/v1/admin/categories').set(bearer(admin.token)).expect(200)).body as { code: string }[];
        await t.db.query(`UPDATE categories SET active = false WHERE code <> 'corruption'`);
        try {
          const res = await request(t.url).post('/api/v1/admin/categories/corruption/deactivate').set(bearer(admin.token)).expect(409);
          expect(res.body.message).toMatch(/Minimal satu kategori/);
        } finally {
          await t.db.query(`UPDATE categories SET active = true WHERE code = ANY($1)`, [all.map((c) => c.code)]);
        }
      });
    });
  });

  describe('OPDs', () => {
    const meta = async () => (await request(t.url).get('/api/v1/meta/opds').expect(200)).body as { code: string; name: string }[];

    it('adds, renames, deactivates (gone from the form and refused by intake) and reactivates an OPD', async () => {
      await request(t.url).post('/api/v1/reports').send(report()).expect(201);
      const res = await request(t.url).post('/api/v1/admin/opds').set(bearer(admin.token)).send({ code: 'UPT-PARKIR', name: 'UPT Perparkiran', kind: 'other' }).expect(201);
      expect(res.body).toEqual({ code: 'UPT-PARKIR', name: 'UPT Perparkiran', kind: 'other', active: true });
      expect(await meta()).toContainEqual({ code: 'UPT-PARKIR', name: 'UPT Perparkiran' });
      await request(t.url)
        .post('/api/v1/reports')
        .send(report({ opd: 'UPT-PARKIR' }))
        .expect(201);

      await request(t.url).patch('/api/v1/admin/opds/UPT-PARKIR').set(bearer(admin.token)).send({ name: 'UPT Pengelolaan Perparkiran', kind: 'unit' }).expect(200);
      expect(await meta()).toContainEqual({ code: 'UPT-PARKIR', name: 'UPT Pengelolaan Perparkiran' });

      await request(t.url).post('/api/v1/admin/opds/UPT-PARKIR/deactivate').set(bearer(admin.token)).expect(200);
      expect((await meta()).map((o) => o.code)).not.toContain('UPT-PARKIR');
      expect((await request(t.url).get('/report').expect(200)).text).not.toContain('value="UPT-PARKIR"');
      const refused = await request(t.url)
        .post('/api/v1/reports')
        .send(report({ opd: 'UPT-PARKIR' }))
        .expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['opd']);

      await request(t.url).post('/api/v1/admin/opds/UPT-PARKIR/reactivate').set(bearer(admin.token)).expect(200);
      await request(t.url)
        .post('/api/v1/reports')
        .send(report({ opd: 'UPT-PARKIR' }))
        .expect(201);

      expect((await events(t, 'catalog.opd-changed')).map((e) => [e.payload.change, e.payload.changed])).toEqual([
        ['added', ['code', 'name', 'kind']],
        ['updated', ['name', 'kind']],
        ['deactivated', ['active']],
        ['reactivated', ['active']],
      ]);
    });

    describe('bad input: a clear error, nothing stored', () => {
      let before: Record<string, unknown>;
      beforeEach(async () => {
        before = await adminState(t);
      });
      afterEach(async () => {
        expect(await adminState(t)).toEqual(before);
      });

      it.each([
        ['everything missing', {}, ['code', 'name', 'kind']],
        ['a lower-case code with a space', { code: 'dinas baru', name: 'Dinas Baru', kind: 'unit' }, ['code']],
        ['a code starting with a dash', { code: '-DINAS', name: 'Dinas Baru', kind: 'unit' }, ['code']],
        ['a one-letter name and an unknown kind', { code: 'DINAS-BARU', name: 'D', kind: 'ministry' }, ['name', 'kind']],
      ])('add: %s', async (_name, body, fields) => {
        const res = await request(t.url).post('/api/v1/admin/opds').set(bearer(admin.token)).send(body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
        for (const e of res.body.errors) expect(e.message).not.toMatch(I18N_KEY);
      });

      it('add: a code already in use (409); edit: the code cannot change', async () => {
        await request(t.url).post('/api/v1/admin/opds').set(bearer(admin.token)).send({ code: 'DUKCAPIL', name: 'Dukcapil lagi', kind: 'unit' }).expect(409);
        await request(t.url).patch('/api/v1/admin/opds/DUKCAPIL').set(bearer(admin.token)).send({ code: 'CAPIL' }).expect(400);
        await request(t.url).patch('/api/v1/admin/opds/DUKCAPIL').set(bearer(admin.token)).send({ kind: 'ministry' }).expect(400);
      });
    });
  });

  describe('pages', () => {
    it('lists, creates (showing the one-time password once), edits and deactivates through the forms', async () => {
      const { agent } = await pageSession(t, admin.email, TEST_PASSWORD);
      const list = await agent.get('/staff/admin/staff').expect(200);
      expect(list.text).toContain(supervisor.email);
      expect(list.text).toContain('<caption');

      const form = await agent.get('/staff/admin/staff/new').expect(200);
      const csrf = csrfOf(form.text);
      const bad = await agent.post('/staff/admin/staff').type('form').send({ _csrf: csrf, email: 'bukan email', name: 'Petugas <b>Baru</b>', opd: 'DUKCAPIL' }).expect(400);
      expect(bad.text).toContain('id="email-error"');
      expect(bad.text).toContain('id="roles-error"');
      expect(bad.text).toContain('value="Petugas &lt;b&gt;Baru&lt;/b&gt;"'); // kept, as text
      expect(bad.text).toMatch(/<option value="DUKCAPIL" selected>/);

      // Custodian is held alone: refused beside the roles, nothing stored.
      const mixed = await agent
        .post('/staff/admin/staff')
        .type('form')
        .send({ _csrf: csrf, email: 'kustodian.baru@kendarikota.go.id', name: 'Kustodian Baru', roles: ['custodian', 'auditor'], opd: '' })
        .expect(400);
      expect(mixed.text).toContain('id="roles-error"');
      expect(mixed.text).toContain('tidak boleh digabung dengan peran lain');
      expect(await t.db.query(`SELECT 1 FROM staff WHERE email = 'kustodian.baru@kendarikota.go.id'`)).toEqual([]);

      const created = await agent
        .post('/staff/admin/staff')
        .type('form')
        .send({ _csrf: csrf, email: 'kustodian.baru@kendarikota.go.id', name: 'Kustodian Baru', roles: ['auditor'], opd: '' })
        .expect(200);
      const oneTime = /id="one-time-password"[^>]*>([a-z2-9-]+)</.exec(created.text)![1];
      expect(created.headers['cache-control']).toBe('no-store');
      const signIn = await request(t.url).post('/api/v1/auth/login').send({ email: 'kustodian.baru@kendarikota.go.id', password: oneTime }).expect(200);
      expect(signIn.body.mustChangePassword).toBe(true);
      const [row] = await t.db.query<{ id: string; roles: string[]; opd_code: string | null }>(`SELECT id, roles, opd_code FROM staff WHERE email = 'kustodian.baru@kendarikota.go.id'`);
      expect(row).toEqual(expect.objectContaining({ roles: ['auditor'], opd_code: null }));

      // No role ticked: an error beside the roles, the stored roles unchanged.
      const noRoles = await agent.post(`/staff/admin/staff/${row.id}`).type('form').send({ _csrf: csrf, name: 'Kustodian Baru', opd: '' }).expect(400);
      expect(noRoles.text).toContain('id="roles-error"');
      // Auditor removed at once; custodian proposed, waiting for a second admin: no role meanwhile.
      const saved = await agent.post(`/staff/admin/staff/${row.id}`).type('form').send({ _csrf: csrf, name: 'Kustodian Satu', roles: 'custodian', opd: 'DUKCAPIL' }).expect(303);
      expect(saved.headers.location).toBe(`/staff/admin/staff/${row.id}?saved=1`);
      const edit = await agent.get(saved.headers.location).expect(200);
      expect(edit.text).toContain('Perubahan disimpan.');
      expect(edit.text).toContain('value="Kustodian Satu"');
      expect(edit.text).toContain('menunggu konfirmasi admin lain');
      expect(edit.text).toMatch(/name="roles" value="custodian" checked/);

      await agent.post(`/staff/admin/staff/${row.id}/deactivate`).type('form').send({ _csrf: csrf }).expect(303);
      const [after] = await t.db.query<{ name: string; roles: string[]; active: boolean }>(`SELECT name, roles, active FROM staff WHERE id = $1`, [row.id]);
      expect(after).toEqual({ name: 'Kustodian Satu', roles: [], active: false });
      expect(await t.db.query(`SELECT role, status FROM staff_role_grants WHERE staff_id = $1`, [row.id])).toEqual([{ role: 'custodian', status: 'pending' }]);

      const self = await agent.post(`/staff/admin/staff/${admin.id}/deactivate`).type('form').send({ _csrf: csrf }).expect(403);
      expect(self.text).toContain('Anda tidak dapat menonaktifkan akun Anda sendiri.');
    });

    it('adds and edits categories and OPDs with errors beside the fields', async () => {
      const { agent } = await pageSession(t, admin.email, TEST_PASSWORD);
      const page = await agent.get('/staff/admin/categories').expect(200);
      const csrf = csrfOf(page.text);
      const bad = await agent.post('/staff/admin/categories').type('form').send({ _csrf: csrf, code: 'Bad Code', name_id: 'Pungli parkir', name_en: '' }).expect(400);
      expect(bad.text).toContain('id="code-error"');
      expect(bad.text).toContain('id="name_en-error"');
      expect(bad.text).toContain('value="Pungli parkir"');
      await agent.post('/staff/admin/categories').type('form').send({ _csrf: csrf, code: 'parking_levy', name_id: 'Pungli parkir', name_en: 'Parking levies' }).expect(303);
      const taken = await agent.post('/staff/admin/categories').type('form').send({ _csrf: csrf, code: 'parking_levy', name_id: 'Lagi', name_en: 'Again' }).expect(409);
      expect(taken.text).toContain('id="code-error"');
      await agent
        .post('/staff/admin/categories/parking_levy')
        .type('form')
        .send({ _csrf: csrf, name_id: 'Pungutan parkir liar', name_en: 'Illegal parking levies', description_id: '', description_en: '' })
        .expect(303);
      await agent.post('/staff/admin/categories/parking_levy/deactivate').type('form').send({ _csrf: csrf }).expect(303);
      const [category] = await t.db.query(`SELECT name_id, name_en, active FROM categories WHERE code = 'parking_levy'`);
      expect(category).toEqual({ name_id: 'Pungutan parkir liar', name_en: 'Illegal parking levies', active: false });

      const opds = await agent.get('/staff/admin/opds').expect(200);
      const badOpd = await agent
        .post('/staff/admin/opds')
        .type('form')
        .send({ _csrf: csrfOf(opds.text), code: 'upt baru', name: 'UPT Baru', kind: '' })
        .expect(400);
      expect(badOpd.text).toContain('id="code-error"');
      expect(badOpd.text).toContain('id="kind-error"');
      await agent.post('/staff/admin/opds').type('form').send({ _csrf: csrf, code: 'UPT-BARU', name: 'UPT Baru', kind: 'unit' }).expect(303);
      await agent.post('/staff/admin/opds/UPT-BARU').type('form').send({ _csrf: csrf, name: 'UPT Baru Sekali', kind: 'other' }).expect(303);
      const [opd] = await t.db.query(`SELECT name, kind, active FROM opds WHERE code = 'UPT-BARU'`);
      expect(opd).toEqual({ name: 'UPT Baru Sekali', kind: 'other', active: true });
    });

    it('speaks Indonesian and English, with no dictionary key left untranslated', async () => {
      const { agent } = await pageSession(t, admin.email, TEST_PASSWORD);
      const [{ id }] = await t.db.query<{ id: string }>(`SELECT id FROM staff WHERE id <> $1 LIMIT 1`, [admin.id]);
      const paths = [
        '/staff/admin/staff',
        '/staff/admin/staff/new',
        `/staff/admin/staff/${id}`,
        '/staff/admin/categories',
        '/staff/admin/categories/corruption',
        '/staff/admin/opds',
        '/staff/admin/opds/DUKCAPIL',
      ];
      for (const lang of ['id', 'en']) {
        for (const path of paths) {
          const res = await agent.get(`${path}?lang=${lang}`).expect(200);
          expect({ path, lang, key: I18N_KEY.exec(res.text.replace(/<[^>]*>/g, ' '))?.[0] }).toEqual({ path, lang, key: undefined });
          expect(res.text).toContain(`<html lang="${lang}">`);
        }
      }
      const en = await agent.get('/staff/admin/staff?lang=en').expect(200);
      expect(en.text).toContain('Staff accounts');
      const id_ = await agent.get('/staff/admin/staff?lang=id').expect(200);
      expect(id_.text).toContain('Akun staf');
    });
  });
});
