import { execFile } from 'node:child_process';
import { TOTP } from 'otpauth';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ValidationFailed } from '../src/platform/http/domain-error';
import { StaffRoleGrants1764300015100 } from '../src/staff/migrations/1764300015100-staff-role-grants';
import { Role } from '../src/staff/role';
import { StaffService } from '../src/staff/staff.service';
import { startTestApp, TestApp } from './support/app';
import { csrfOf, pageSession } from './support/pages';
import { pdfPages } from './support/pdf-text';
import { SmtpSink } from './support/smtp-sink';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
const REPORTER_NAME = 'NAMA-PELAPOR-RAHASIA-4417';

type Member = { id: string; email: string; password: string };

function binary(res: unknown, done: (err: Error | null, body: Buffer) => void) {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * Issue 10, separation of duties (DESIGN.md §4): custodian is held alone on every path; nobody
 * changes their own roles, OPD or active flag; a grant of admin, supervisor or custodian needs a
 * second admin, and every role change is mailed to admins and custodians and audited; the identity
 * is shown only through the member's own approved request, even to a holder of the identity key;
 * a custodian never decides a request they made or about a case they are assigned to; and the
 * staff behind offline reports, password changes, two-step enrolment and mail resends are audited.
 */
describe('separation of duties', () => {
  const sink = new SmtpSink();
  let t: TestApp;
  const tokens = new Map<string, string>();
  let adminA: Member;
  let adminB: Member;
  let supervisor: Member;
  let custodian: Member;
  let inspector: Member;

  async function token(m: Member): Promise<string> {
    if (!tokens.has(m.id)) tokens.set(m.id, (await request(t.url).post('/api/v1/auth/login').send({ email: m.email, password: m.password }).expect(200)).body.accessToken);
    return tokens.get(m.id)!;
  }
  const as = async (m: Member) => ({ Authorization: `Bearer ${await token(m)}` });

  /** Everything a refused change must leave alone. */
  async function stored() {
    const [row] = await t.db.query<Record<string, unknown>>(`SELECT
      (SELECT json_agg(s ORDER BY s.id) FROM (SELECT id, name, roles, opd_code, active FROM staff) s) AS staff,
      (SELECT json_agg(g ORDER BY g.id) FROM (SELECT id, role, status, decided_by FROM staff_role_grants) g) AS grants,
      (SELECT count(*) FROM outbox) AS events`);
    return row;
  }

  async function submitIdentified(): Promise<{ caseId: string; receipt: string }> {
    const res = await request(t.url)
      .post('/api/v1/reports')
      .send({
        category: 'gratification',
        title: 'Hadiah untuk izin usaha',
        description: 'Pejabat bidang perizinan menerima uang dari pemohon agar izin cepat terbit.',
        anonymous: false,
        reporter_name: REPORTER_NAME,
        reporter_phone: '081233344455',
        consent: 'yes',
      })
      .expect(201);
    const [row] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY submitted_at DESC, number DESC LIMIT 1`);
    return { caseId: row.id, receipt: res.body.receipt };
  }

  async function identityHolders(caseId: string): Promise<string[]> {
    return (await t.db.query<{ staff_id: string }>(`SELECT staff_id FROM case_keys WHERE case_id = $1 AND kind = 'identity'`, [caseId])).map((r) => r.staff_id);
  }

  async function auditEntry(action: string, where: (detail: Record<string, unknown>, actorId: string | null) => boolean = () => true) {
    for (let i = 0; i < 200; i++) {
      const rows = await t.db.query<{ actor_type: string; actor_id: string | null; detail: string; case_id: string | null }>(
        `SELECT actor_type, actor_id, detail, case_id FROM audit_log WHERE action = $1 ORDER BY id`,
        [action],
      );
      const found = rows.find((r) => where(JSON.parse(r.detail), r.actor_id));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${action} entry`);
  }

  beforeAll(async () => {
    await sink.start();
    t = await startTestApp({ env: { SMTP_URL: sink.url, MAIL_POLL_MS: '100', RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_REPORT: '1000' } });
    adminA = await t.createStaff([Role.Admin]);
    adminB = await t.createStaff([Role.Admin]);
    supervisor = await t.createStaff([Role.Supervisor]);
    custodian = await t.createStaff([Role.Custodian]);
    inspector = await t.createStaff([Role.Inspector]);
  });
  afterAll(async () => {
    await t?.close();
    await sink.stop();
  });

  describe('custodian is held alone', () => {
    it('refuses custodian with another role on create and edit through the API, naming the roles field; nothing stored', async () => {
      const before = await stored();
      const created = await request(t.url)
        .post('/api/v1/admin/staff')
        .set(await as(adminA))
        .send({ email: 'campur@kendarikota.go.id', name: 'Campur', roles: ['custodian', 'inspector'] })
        .expect(400);
      expect(created.body.errors).toEqual([{ field: 'roles', message: expect.stringMatching(/kustodian identitas tidak boleh digabung/) }]);
      const member = await request(t.url)
        .patch(`/api/v1/admin/staff/${inspector.id}`)
        .set(await as(adminA))
        .send({ roles: ['inspector', 'custodian'] })
        .expect(400);
      expect(member.body.errors[0].field).toBe('roles');
      const en = await request(t.url)
        .patch(`/api/v1/admin/staff/${custodian.id}?lang=en`)
        .set(await as(adminA))
        .send({ roles: ['custodian', 'auditor'] })
        .expect(400);
      expect(en.body.errors).toEqual([{ field: 'roles', message: expect.stringMatching(/custodian role cannot be combined/) }]);
      expect(await stored()).toEqual(before);
    });

    it('refuses it on the pages, beside the roles', async () => {
      const { agent } = await pageSession(t, adminA.email, adminA.password);
      const page = await agent.get(`/staff/admin/staff/${inspector.id}`).expect(200);
      const before = await stored();
      const res = await agent
        .post(`/staff/admin/staff/${inspector.id}`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), name: 'Pemeriksa', roles: ['inspector', 'custodian'], opd: '' })
        .expect(400);
      expect(res.text).toContain('id="roles-error"');
      expect(res.text).toContain('tidak boleh digabung dengan peran lain');
      expect(await stored()).toEqual(before);
    });

    it('refuses it on the direct path of the CLI and first start', async () => {
      const before = await stored();
      await expect(
        t.app.get(StaffService).create({ email: 'langsung@kendarikota.go.id', name: 'Langsung', roles: [Role.Custodian, Role.Supervisor], password: 'teluk kendari pagi hari' }),
      ).rejects.toBeInstanceOf(ValidationFailed);
      const env = { ...process.env, DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'warn' };
      const refused = await run(process.execPath, [CLI, 'staff:create', '--email', 'cli@kendarikota.go.id', '--name', 'Lewat CLI', '--roles', 'custodian,inspector'], { env }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(refused).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringMatching(/roles: The identity custodian role cannot be combined with another role/) }));
      expect(await stored()).toEqual(before);
      // The CLI stays a direct operator action: custodian alone is given at once, no second admin.
      const { stdout } = await run(process.execPath, [CLI, 'staff:create', '--email', 'cli@kendarikota.go.id', '--name', 'Lewat CLI', '--roles', 'custodian'], { env });
      expect(stdout).toContain('(custodian)');
      const [made] = await t.db.query<{ id: string; roles: string[] }>(`SELECT id, roles FROM staff WHERE email = 'cli@kendarikota.go.id'`);
      expect(made.roles).toEqual(['custodian']);
      // No admin made it: recorded as the system's, and every admin and custodian hears of it.
      const entry = await auditEntry('staff.member-created-by-operator', (d) => d.staffId === made.id);
      expect(entry).toEqual(expect.objectContaining({ actor_type: 'system', actor_id: null }));
      const told = await sink.waitFor(/^Akun staf dibuat lewat baris perintah server$/, 4);
      expect(told.flatMap((m) => m.to).sort()).toEqual([adminA.email, adminB.email, custodian.email, 'cli@kendarikota.go.id'].sort());
    });

    it('names an existing account that breaks the rule, seals no new identity key to it until an admin fixes it', async () => {
      const legacy = await t.createStaff([Role.Custodian]);
      // As a database from before the rule, or an edit behind the app's back.
      await t.db.query(`UPDATE staff SET roles = ARRAY['custodian', 'inspector'] WHERE id = $1`, [legacy.id]);
      const staff = t.app.get(StaffService);
      staff.invalidateKeyHolders();
      expect(await staff.reportCustodianRuleBreaches()).toEqual([legacy.id]);
      const warning = t
        .logs()
        .split('\n')
        .find((l) => l.includes(legacy.id) && l.includes('no new identity key'));
      expect(warning).toContain(legacy.email);
      expect(warning).toContain('no new identity key');

      const before = await submitIdentified();
      expect(await identityHolders(before.caseId)).toContain(custodian.id);
      expect(await identityHolders(before.caseId)).not.toContain(legacy.id);

      await request(t.url)
        .patch(`/api/v1/admin/staff/${legacy.id}`)
        .set(await as(adminA))
        .send({ roles: ['custodian'] })
        .expect(200);
      expect(await staff.reportCustodianRuleBreaches()).toEqual([]);
      expect(await identityHolders((await submitIdentified()).caseId)).toContain(legacy.id);
    });
  });

  describe('nobody changes their own roles, OPD or active flag', () => {
    it('refuses it through the API with 403 and a clear message, and stores nothing', async () => {
      const before = await stored();
      const roles = await request(t.url)
        .patch(`/api/v1/admin/staff/${adminA.id}`)
        .set(await as(adminA))
        .send({ roles: ['admin', 'auditor'] })
        .expect(403);
      expect(roles.body).toEqual(expect.objectContaining({ code: 'own_account_change_refused', errors: [{ field: 'roles', message: expect.stringMatching(/akun Anda sendiri; minta admin lain/) }] }));
      const opd = await request(t.url)
        .patch(`/api/v1/admin/staff/${adminA.id}`)
        .set(await as(adminA))
        .send({ opd: 'DUKCAPIL' })
        .expect(403);
      expect(opd.body.errors[0].field).toBe('opd');
      // Mixed with an allowed change, the whole request is refused.
      await request(t.url)
        .patch(`/api/v1/admin/staff/${adminA.id}`)
        .set(await as(adminA))
        .send({ name: 'Nama Lain', roles: ['admin', 'supervisor'] })
        .expect(403);
      const active = await request(t.url)
        .post(`/api/v1/admin/staff/${adminA.id}/deactivate`)
        .set(await as(adminA))
        .expect(403);
      expect(active.body.message).toBe('Anda tidak dapat menonaktifkan akun Anda sendiri.');
      expect(await stored()).toEqual(before);
      // One's own name is not a right: it may change.
      await request(t.url)
        .patch(`/api/v1/admin/staff/${adminA.id}`)
        .set(await as(adminA))
        .send({ name: 'Admin Pertama' })
        .expect(200);
    });

    it("shows one's own roles and OPD as text on the page, and refuses a forged change with 403", async () => {
      const { agent } = await pageSession(t, adminA.email, adminA.password);
      const page = await agent.get(`/staff/admin/staff/${adminA.id}`).expect(200);
      expect(page.text).not.toContain('type="checkbox" name="roles"');
      expect(page.text).toContain('<input type="hidden" name="roles" value="admin">');
      const csrf = csrfOf(page.text);
      // The form as shown: only the name changes.
      await agent.post(`/staff/admin/staff/${adminA.id}`).type('form').send({ _csrf: csrf, name: 'Admin Satu', roles: 'admin', opd: '' }).expect(303);
      const before = await stored();
      const forged = await agent
        .post(`/staff/admin/staff/${adminA.id}`)
        .type('form')
        .send({ _csrf: csrf, name: 'Admin Satu', roles: ['admin', 'supervisor'], opd: '' })
        .expect(403);
      expect(forged.text).toContain('id="roles-error"');
      expect(forged.text).toContain('Anda tidak dapat mengubah peran, OPD, atau status aktif akun Anda sendiri');
      expect(await stored()).toEqual(before);
    });
  });

  describe('a second admin confirms grants of admin, supervisor and custodian', () => {
    let member: Member;
    let grantId = '';

    beforeAll(async () => {
      member = await t.createStaff([Role.Inspector]);
    });

    it('keeps a proposed supervisor grant pending: not held, no case key sealed, visible with a confirm button to other admins only', async () => {
      sink.mails.length = 0;
      const res = await request(t.url)
        .patch(`/api/v1/admin/staff/${member.id}`)
        .set(await as(adminA))
        .send({ roles: ['inspector', 'supervisor'] })
        .expect(200);
      expect(res.body.roles).toEqual(['inspector']);
      expect(res.body.pendingGrants).toEqual([expect.objectContaining({ role: 'supervisor', proposedBy: { id: adminA.id, name: expect.any(String) } })]);
      grantId = res.body.pendingGrants[0].id;
      expect(await t.db.query(`SELECT roles FROM staff WHERE id = $1`, [member.id])).toEqual([{ roles: ['inspector'] }]);
      await request(t.url)
        .get('/api/v1/cases?status=received')
        .set(await as(member))
        .expect(200); // an inspector's own (empty) list
      const { caseId } = await submitIdentified();
      expect(await t.db.query(`SELECT 1 FROM case_keys WHERE case_id = $1 AND staff_id = $2`, [caseId, member.id])).toEqual([]);

      const pageB = await (await pageSession(t, adminB.email, adminB.password)).agent.get('/staff/admin/staff').expect(200);
      expect(pageB.text).toContain('id="pending-grants"');
      expect(pageB.text).toContain(`/staff/admin/staff/${member.id}/role-grants/${grantId}/confirm`);
      const pageA = await (await pageSession(t, adminA.email, adminA.password)).agent.get('/staff/admin/staff').expect(200);
      expect(pageA.text).not.toContain(`/role-grants/${grantId}/confirm`);
      expect(pageA.text).toContain(`/role-grants/${grantId}/reject`);
      expect(pageA.text).toContain('usulan Anda: menunggu admin lain');
    });

    it("refuses the proposer's own confirmation (403), changing nothing", async () => {
      const before = await stored();
      const res = await request(t.url)
        .post(`/api/v1/admin/staff/${member.id}/role-grants/${grantId}/confirm`)
        .set(await as(adminA))
        .expect(403);
      expect(res.body).toEqual(expect.objectContaining({ code: 'second_admin_required', message: expect.stringMatching(/dikonfirmasi admin lain, bukan admin yang mengusulkannya/) }));
      expect(await stored()).toEqual(before);
      // The database holds the same rule.
      await expect(t.db.query(`UPDATE staff_role_grants SET status = 'confirmed', decided_by = proposed_by, decided_at = now() WHERE id = $1`, [grantId])).rejects.toThrow(/check constraint/);
    });

    it('applies the role once a second admin confirms on the page; the member then receives new case keys', async () => {
      const { agent } = await pageSession(t, adminB.email, adminB.password);
      const page = await agent.get(`/staff/admin/staff/${member.id}`).expect(200);
      expect(page.text).toContain('menunggu konfirmasi admin lain');
      await agent
        .post(`/staff/admin/staff/${member.id}/role-grants/${grantId}/confirm`)
        .type('form')
        .send({ _csrf: csrfOf(page.text) })
        .expect(303);
      expect(await t.db.query(`SELECT roles FROM staff WHERE id = $1`, [member.id])).toEqual([{ roles: ['supervisor', 'inspector'] }]);
      expect(await t.db.query(`SELECT status, proposed_by, decided_by FROM staff_role_grants WHERE id = $1`, [grantId])).toEqual([
        { status: 'confirmed', proposed_by: adminA.id, decided_by: adminB.id },
      ]);
      const { caseId } = await submitIdentified();
      expect(await t.db.query(`SELECT kind FROM case_keys WHERE case_id = $1 AND staff_id = $2`, [caseId, member.id])).toEqual([{ kind: 'content' }]);
      const again = await request(t.url)
        .post(`/api/v1/admin/staff/${member.id}/role-grants/${grantId}/confirm`)
        .set(await as(adminB))
        .expect(409);
      expect(again.body.message).toMatch(/sudah diputuskan/);
    });

    it('records the proposal and the confirmation in the audit log, naming each admin', async () => {
      const proposed = await auditEntry('staff.role-grant-proposed', (d) => d.grantId === grantId);
      expect(proposed).toEqual(expect.objectContaining({ actor_type: 'staff', actor_id: adminA.id }));
      expect(JSON.parse(proposed.detail)).toEqual(expect.objectContaining({ staffId: member.id, role: 'supervisor' }));
      const confirmed = await auditEntry('staff.role-grant-confirmed', (d) => d.grantId === grantId);
      expect(confirmed).toEqual(expect.objectContaining({ actor_type: 'staff', actor_id: adminB.id }));
      expect(JSON.parse(confirmed.detail)).toEqual(expect.objectContaining({ proposedBy: adminA.id, roles: ['supervisor', 'inspector'], previousRoles: ['inspector'] }));
    });

    it('mails every admin and custodian of the proposal and the confirmation, with no name, address or case', async () => {
      const watchers = (await t.db.query<{ email: string }>(`SELECT email FROM staff WHERE active AND roles && ARRAY['admin', 'custodian']::text[] ORDER BY email`)).map((r) => r.email);
      expect(watchers).toEqual(expect.arrayContaining([adminA.email, adminB.email, custodian.email]));
      const proposed = await sink.waitFor(/^Usulan peran supervisor menunggu konfirmasi admin kedua$/, watchers.length);
      const confirmed = await sink.waitFor(/^Peran supervisor dikonfirmasi$/, watchers.length);
      for (const mails of [proposed, confirmed]) {
        expect(mails.flatMap((m) => m.to).sort()).toEqual(watchers);
        for (const m of mails) {
          expect(m.raw).not.toContain(member.email);
          expect(m.raw).not.toMatch(/Staff inspector|Nomor kasus/);
          expect(m.raw).toContain('/staff/admin/staff');
        }
      }
      const roleMails = sink.mails.filter((m) => /peran|akun staf/i.test(m.subject));
      expect(roleMails.some((m) => m.to.includes(member.email) || m.to.includes(supervisor.email) || m.to.includes(inspector.email))).toBe(false);
    });

    it('lets another admin reject a grant and the proposer withdraw one; nothing is given', async () => {
      const auditor = await t.createStaff([Role.Auditor]);
      const first = await request(t.url)
        .patch(`/api/v1/admin/staff/${auditor.id}`)
        .set(await as(adminA))
        .send({ roles: ['auditor', 'admin'] })
        .expect(200);
      const rejected = await request(t.url)
        .post(`/api/v1/admin/staff/${auditor.id}/role-grants/${first.body.pendingGrants[0].id}/reject`)
        .set(await as(adminB))
        .expect(200);
      expect(rejected.body).toEqual(expect.objectContaining({ roles: ['auditor'], pendingGrants: [] }));
      // Custodian alone: auditor goes at once, custodian waits, so the member holds no role meanwhile.
      const second = await request(t.url)
        .patch(`/api/v1/admin/staff/${auditor.id}`)
        .set(await as(adminA))
        .send({ roles: ['custodian'] })
        .expect(200);
      expect(second.body).toEqual(expect.objectContaining({ roles: [], pendingGrants: [expect.objectContaining({ role: 'custodian' })] }));
      await request(t.url)
        .post(`/api/v1/admin/staff/${auditor.id}/role-grants/${second.body.pendingGrants[0].id}/reject`)
        .set(await as(adminA))
        .expect(200);
      expect(await t.db.query(`SELECT role, status, decided_by FROM staff_role_grants WHERE staff_id = $1 ORDER BY proposed_at`, [auditor.id])).toEqual([
        { role: 'admin', status: 'rejected', decided_by: adminB.id },
        { role: 'custodian', status: 'rejected', decided_by: adminA.id },
      ]);
      expect(await t.db.query(`SELECT roles FROM staff WHERE id = $1`, [auditor.id])).toEqual([{ roles: [] }]);
      await auditEntry('staff.role-grant-rejected', (d, actor) => d.staffId === auditor.id && actor === adminA.id);
      await sink.waitFor(/^Usulan peran kustodian identitas ditolak$/, 1);
    });

    it('leaves a grant to an admin to the others: the admin it is for can neither confirm nor reject it', async () => {
      const adminC = await t.createStaff([Role.Admin]);
      const res = await request(t.url)
        .patch(`/api/v1/admin/staff/${adminC.id}`)
        .set(await as(adminA))
        .send({ roles: ['admin', 'supervisor'] })
        .expect(200);
      const id = res.body.pendingGrants[0].id;
      const before = await stored();
      for (const action of ['confirm', 'reject']) {
        const refused = await request(t.url)
          .post(`/api/v1/admin/staff/${adminC.id}/role-grants/${id}/${action}`)
          .set(await as(adminC))
          .expect(403);
        expect(refused.body.code).toBe('own_account_change_refused');
      }
      expect(await stored()).toEqual(before);
      const page = await (await pageSession(t, adminC.email, adminC.password)).agent.get(`/staff/admin/staff/${adminC.id}`).expect(200);
      expect(page.text).toContain('untuk akun Anda: diputuskan admin lain');
      expect(page.text).not.toContain(`/role-grants/${id}/confirm`);
      await request(t.url)
        .post(`/api/v1/admin/staff/${adminC.id}/role-grants/${id}/confirm`)
        .set(await as(adminB))
        .expect(200);
      expect(await t.db.query(`SELECT roles FROM staff WHERE id = $1`, [adminC.id])).toEqual([{ roles: ['admin', 'supervisor'] }]);
    });

    it('lets only one of two decisions made at the same moment through', async () => {
      const adminD = await t.createStaff([Role.Admin]);
      const target = await t.createStaff([Role.Inspector]);
      for (let round = 0; round < 3; round++) {
        const res = await request(t.url)
          .patch(`/api/v1/admin/staff/${target.id}`)
          .set(await as(adminA))
          .send({ roles: ['inspector', 'supervisor'] })
          .expect(200);
        const id = res.body.pendingGrants[0].id;
        const [confirm, reject] = await Promise.all([
          request(t.url)
            .post(`/api/v1/admin/staff/${target.id}/role-grants/${id}/confirm`)
            .set(await as(adminB)),
          request(t.url)
            .post(`/api/v1/admin/staff/${target.id}/role-grants/${id}/reject`)
            .set(await as(adminD)),
        ]);
        expect([confirm.status, reject.status].sort()).toEqual([200, 409]);
        const [grant] = await t.db.query<{ status: string }>(`SELECT status FROM staff_role_grants WHERE id = $1`, [id]);
        const [held] = await t.db.query<{ roles: string[] }>(`SELECT roles FROM staff WHERE id = $1`, [target.id]);
        expect(held.roles.includes('supervisor')).toBe(grant.status === 'confirmed');
        // Back to inspector alone for the next round (a removal: at once).
        await request(t.url)
          .patch(`/api/v1/admin/staff/${target.id}`)
          .set(await as(adminA))
          .send({ roles: ['inspector'] })
          .expect(200);
      }
    });

    it('creates an account asked for as custodian with no role until a second admin confirms', async () => {
      const created = await request(t.url)
        .post('/api/v1/admin/staff')
        .set(await as(adminA))
        .send({ email: 'kustodian.dua@kendarikota.go.id', name: 'Kustodian Dua', roles: ['custodian'] })
        .expect(201);
      expect(created.body.staff).toEqual(expect.objectContaining({ roles: [], pendingGrants: [expect.objectContaining({ role: 'custodian' })] }));
      const fresh = { id: created.body.staff.id, email: 'kustodian.dua@kendarikota.go.id', password: created.body.oneTimePassword };
      const { agent } = await pageSession(t, fresh.email, fresh.password);
      const form = await agent.get('/staff/password').expect(200);
      await agent
        .post('/staff/password')
        .type('form')
        .send({ _csrf: csrfOf(form.text), current_password: fresh.password, new_password: 'sagu lempeng dari wakatobi', confirm_password: 'sagu lempeng dari wakatobi' })
        .expect(303);
      expect((await agent.get('/staff').expect(303)).headers.location).toBe('/staff/notifications');
      await agent.get('/staff/identity-requests').expect(403);
      await request(t.url)
        .post(`/api/v1/admin/staff/${fresh.id}/role-grants/${created.body.staff.pendingGrants[0].id}/confirm`)
        .set(await as(adminB))
        .expect(200);
      await agent.get('/staff/identity-requests').expect(200);
      await auditEntry('staff.password-changed', (d, actor) => actor === fresh.id && d.firstSignIn === true);
    });
  });

  describe("the identity is shown only through the member's own approved request", () => {
    let former: Member;
    let decider: Member;
    let caseId = '';
    let receipt = '';
    const requests: Record<string, string> = {};

    /** A proposed grant confirmed by the second admin. */
    async function grant(member: Member, roles: string[]) {
      const res = await request(t.url)
        .patch(`/api/v1/admin/staff/${member.id}`)
        .set(await as(adminA))
        .send({ roles })
        .expect(200);
      for (const g of res.body.pendingGrants)
        await request(t.url)
          .post(`/api/v1/admin/staff/${member.id}/role-grants/${g.id}/confirm`)
          .set(await as(adminB))
          .expect(200);
      tokens.delete(member.id);
    }

    beforeAll(async () => {
      // A custodian when the report came in (so it holds the identity key), since moved to case work.
      former = await t.createStaff([Role.Custodian]);
      decider = await t.createStaff([Role.Inspector]);
      ({ caseId, receipt } = await submitIdentified());
      expect(await identityHolders(caseId)).toContain(former.id);
      await grant(former, ['supervisor', 'inspector']);
      expect(await t.db.query(`SELECT roles FROM staff WHERE id = $1`, [former.id])).toEqual([{ roles: ['supervisor', 'inspector'] }]);
      for (const who of [former, inspector, decider]) {
        await request(t.url)
          .post(`/api/v1/cases/${caseId}/assign`)
          .set(await as(supervisor))
          .send({ inspectorId: who.id })
          .expect(201);
      }
    });

    it('shows nothing to a holder of the identity key without an approved request: API, case page and referral PDF', async () => {
      expect(await identityHolders(caseId)).toContain(former.id);
      const api = await request(t.url)
        .get(`/api/v1/cases/${caseId}`)
        .set(await as(former))
        .expect(200);
      expect(api.body.identity).toBeNull();
      expect(JSON.stringify(api.body)).not.toContain(REPORTER_NAME);
      expect(api.body.report.description).toContain('Pejabat bidang perizinan');
      const page = await request(t.url)
        .get(`/staff/cases/${caseId}`)
        .set(await as(former))
        .expect(200);
      expect(page.text).toContain('Pejabat bidang perizinan');
      expect(page.text).not.toContain(REPORTER_NAME);
      const pdf = await request(t.url)
        .post(`/api/v1/cases/${caseId}/export`)
        .set(await as(former))
        .send({})
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect((await pdfPages(pdf.body as Buffer)).join('\n')).not.toContain(REPORTER_NAME);
      expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'identity.revealed'`)).toEqual([]);
    });

    it('refuses a decision by a custodian who made the request or is assigned to the case, changing nothing', async () => {
      requests.made = (
        await request(t.url)
          .post(`/api/v1/cases/${caseId}/identity-requests`)
          .set(await as(decider))
          .send({ justification: 'Perlu keterangan saksi' })
          .expect(201)
      ).body.id;
      requests.asked = (
        await request(t.url)
          .post(`/api/v1/cases/${caseId}/identity-requests`)
          .set(await as(inspector))
          .send({ justification: 'Perlu konfirmasi pelapor' })
          .expect(201)
      ).body.id;
      // Made custodian afterwards: it still made one request and is still assigned to the case.
      await grant(decider, ['custodian']);
      expect(await t.db.query(`SELECT roles FROM staff WHERE id = $1`, [decider.id])).toEqual([{ roles: ['custodian'] }]);
      const before = await t.db.query(`SELECT id, status, decided_by FROM identity_requests ORDER BY id`);
      for (const id of [requests.made, requests.asked]) {
        const refused = await request(t.url)
          .post(`/api/v1/identity-requests/${id}/decision`)
          .set(await as(decider))
          .send({ approve: true, reason: 'Saya setuju' })
          .expect(403);
        expect(refused.body.message).toMatch(/Anda yang mengajukannya atau Anda ditugaskan pada kasus ini/);
      }
      expect(await t.db.query(`SELECT id, status, decided_by FROM identity_requests ORDER BY id`)).toEqual(before);
      // Their list says so instead of offering the decision; an uninvolved custodian gets the form.
      const page = await request(t.url)
        .get('/staff/identity-requests')
        .set(await as(decider))
        .expect(200);
      expect(page.text).toContain('Kustodian lain harus memutuskannya');
      expect(page.text).not.toContain(`/staff/identity-requests/${requests.asked}/decision`);
      const listed = (
        await request(t.url)
          .get('/api/v1/identity-requests')
          .set(await as(decider))
          .expect(200)
      ).body as { id: string; involved: boolean }[];
      expect(listed.filter((r) => [requests.made, requests.asked].includes(r.id)).map((r) => r.involved)).toEqual([true, true]);
      const uninvolved = await request(t.url)
        .get('/staff/identity-requests')
        .set(await as(custodian))
        .expect(200);
      expect(uninvolved.text).toContain(`/staff/identity-requests/${requests.asked}/decision`);
      expect(await t.db.query(`SELECT 1 FROM case_keys WHERE case_id = $1 AND staff_id = ANY($2::uuid[]) AND kind = 'identity'`, [caseId, [inspector.id, decider.id]])).toEqual([]);
    });

    it('shows it to the requester once an uninvolved custodian approves, to nobody else, and tells the reporter', async () => {
      await request(t.url)
        .post(`/api/v1/identity-requests/${requests.asked}/decision`)
        .set(await as(custodian))
        .send({ approve: true, reason: 'Alasan cukup' })
        .expect(200);
      const api = await request(t.url)
        .get(`/api/v1/cases/${caseId}`)
        .set(await as(inspector))
        .expect(200);
      expect(api.body.identity).toEqual(expect.objectContaining({ name: REPORTER_NAME }));
      for (const who of [former, supervisor])
        expect(
          (
            await request(t.url)
              .get(`/api/v1/cases/${caseId}`)
              .set(await as(who))
              .expect(200)
          ).body.identity,
        ).toBeNull();
      const session = (await request(t.url).post('/api/v1/track').send({ receipt }).expect(200)).body.token;
      const tracked = await request(t.url).get('/api/v1/track/case').set('Authorization', `Bearer ${session}`).expect(200);
      expect(tracked.body.identityDisclosedAt).toHaveLength(1);
    });
  });

  describe('who did it is in the audit log', () => {
    it('names the staff member who recorded an offline report', async () => {
      const { agent } = await pageSession(t, supervisor.email, supervisor.password);
      const form = await agent.get('/staff/reports/new').expect(200);
      const fields = {
        category: 'maladministration',
        title: 'Pengaduan lewat telepon',
        description: 'Penelepon menyampaikan bahwa pengurusan akta ditunda berbulan-bulan.',
        anonymous: 'yes',
        consent: 'yes',
        channel: 'phone',
      };
      let req = agent.post('/staff/reports/new').field('_csrf', csrfOf(form.text));
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      await req.expect(200);
      const [offline] = await t.db.query<{ id: string }>(`SELECT id FROM cases WHERE channel = 'phone'`);
      await auditEntry('intake.report-submitted', (_d, actor) => actor === supervisor.id);
      const recorded = await t.db.query<{ actor_type: string; actor_id: string | null }>(`SELECT actor_type, actor_id FROM audit_log WHERE action = 'intake.report-submitted' AND case_id = $1`, [
        offline.id,
      ]);
      expect(recorded).toEqual([{ actor_type: 'staff', actor_id: supervisor.id }]);
      // A report from the web names nobody.
      const web = await t.db.query<{ actor_type: string }>(`SELECT DISTINCT actor_type FROM audit_log WHERE action = 'intake.report-submitted' AND case_id <> $1`, [offline.id]);
      expect(web).toEqual([{ actor_type: 'reporter' }]);
    });

    it('records a two-step enrolment by the member and its reset by an admin', async () => {
      const member = await t.createStaff([Role.Auditor]);
      const { agent } = await pageSession(t, member.email, member.password);
      const page = await agent.get('/staff/2fa').expect(200);
      const secret = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.text)![1].replace(/ /g, '');
      await agent
        .post('/staff/2fa')
        .type('form')
        .send({ _csrf: csrfOf(page.text), otp: new TOTP({ secret }).generate() })
        .expect(200);
      expect(await auditEntry('staff.two-factor-enrolled', (_d, actor) => actor === member.id)).toEqual(expect.objectContaining({ actor_type: 'staff' }));
      await request(t.url)
        .post(`/api/v1/admin/staff/${member.id}/two-factor-reset`)
        .set(await as(adminB))
        .expect(200);
      await auditEntry('staff.two-factor-reset', (d, actor) => actor === adminB.id && d.staffId === member.id);
    });

    it('records a mail resend with the admin and the mails', async () => {
      const [row] = await t.db.query<{ id: string }>(`SELECT id FROM mail_queue ORDER BY created_at LIMIT 1`);
      await t.db.query(`UPDATE mail_queue SET status = 'parked', next_attempt_at = NULL, sent_at = NULL, last_error = 'refused' WHERE id = $1`, [row.id]);
      await request(t.url)
        .post(`/api/v1/admin/mail/${row.id}/resend`)
        .set(await as(adminB))
        .expect(200);
      const entry = await auditEntry('mail.resent', (d) => Array.isArray(d.mailIds) && d.mailIds.includes(row.id));
      expect(entry.actor_id).toBe(adminB.id);
    });
  });

  describe('the migration', () => {
    /** Runs the migration's `up` or `down` in a transaction of its own, as migrations run. */
    async function migrate(direction: 'up' | 'down') {
      const qr = t.app.get(DataSource).createQueryRunner();
      await qr.startTransaction();
      try {
        await new StaffRoleGrants1764300015100()[direction](qr);
        await qr.commitTransaction();
      } catch (e) {
        await qr.rollbackTransaction();
        throw e;
      } finally {
        await qr.release();
      }
    }

    it('has a real down: refused while an account holds no role, then undone and done again', async () => {
      const member = await t.createStaff([Role.Auditor]);
      await request(t.url)
        .patch(`/api/v1/admin/staff/${member.id}`)
        .set(await as(adminA))
        .send({ roles: ['supervisor'] })
        .expect(200);
      await expect(migrate('down')).rejects.toThrow(/hold no role while a grant awaits confirmation/);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM staff_role_grants WHERE staff_id = $1`, [member.id])).toEqual([{ n: 1 }]);

      await t.db.query(`UPDATE staff SET roles = ARRAY['auditor'] WHERE cardinality(roles) = 0`);
      await migrate('down');
      expect(await t.db.query(`SELECT to_regclass('staff_role_grants') AS t`)).toEqual([{ t: null }]);
      await expect(t.db.query(`UPDATE staff SET roles = '{}' WHERE id = $1`, [member.id])).rejects.toThrow(/check constraint/);
      await migrate('up');
      expect(await t.db.query(`SELECT to_regclass('staff_role_grants') AS t`)).toEqual([{ t: 'staff_role_grants' }]);
      await t.db.query(`UPDATE staff SET roles = '{}' WHERE id = $1`, [member.id]);
    });
  });
});
