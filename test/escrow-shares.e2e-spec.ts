import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { parseEscrowKeyText } from '../src/staff/escrow-key-file';
import { Role } from '../src/staff/role';
import { StaffService } from '../src/staff/staff.service';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/app';
import { keyMaterialIn } from './support/key-material';
import { csrfOf, pageSession } from './support/pages';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

/**
 * Issue 10: the escrow key as Shamir shares. `npm run cli -- escrow:split` (the compiled CLI, on
 * the test app's database and DATA_DIR) turns the key file into share files and prints nothing
 * secret; an admin then resets a forgotten password with 2 of 3 shares (API and page) and the
 * member reads a case sealed to them before; 1 share, a mistyped share or shares of another key
 * are refused with a clear error and change nothing.
 */
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
const run = promisify(execFile);
const NARRATIVE = 'ESCROW-UJI-7310 bendahara meminta potongan honor';

describe('escrow shares: escrow:split and the password reset', () => {
  let t: TestApp;
  let escrowKey: Buffer;
  let keyFile: string;
  let shares: string[];
  let shareDir: string;
  let admin: { id: string; token: string };
  let member: { id: string; email: string; password: string };
  let caseId: string;
  const outDirs: string[] = [];

  const env = () => ({ ...process.env, DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'info', KDF_MEMORY_KIB: '8192' });
  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: env() });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = async (email: string, password: string) => (await request(t.url).post('/api/v1/auth/login').send({ email, password }).expect(200)).body.accessToken as string;
  const reset = (id: string, body: Record<string, unknown>) => request(t.url).post(`/api/v1/admin/staff/${id}/password-reset`).set(bearer(admin.token)).send(body);
  const memberRow = async (id: string) => (await t.db.query(`SELECT private_key_wrapped, kdf_salt, must_change_password, updated_at FROM staff WHERE id = $1`, [id]))[0];

  /** Runs escrow:split with the key on standard input (`--key-file -`). */
  function splitFromPipe(input: string, out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'escrow:split', '--shares', '3', '--threshold', '2', '--key-file', '-', '--out', out], { env: env() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.once('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error('Build first (npm test runs `npm run build`).');
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_REPORT: '1000' } });
    const first = await t.app.get(StaffService).create({ email: 'admin-escrow@kendarikota.go.id', name: 'Admin Escrow', roles: [Role.Admin], password: TEST_PASSWORD });
    keyFile = first.escrowKeyFile!;
    escrowKey = parseEscrowKeyText(fs.readFileSync(keyFile, 'utf8'));
    admin = { id: first.staff.id, token: await login(first.staff.email, TEST_PASSWORD) };
    member = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    await request(t.url)
      .post('/api/v1/reports')
      .send({ category: 'illegal_levy', opd: 'DUKCAPIL', title: 'Potongan honor', description: `${NARRATIVE}: setiap bulan dipotong sepuluh persen.`, anonymous: true, consent: 'yes' })
      .expect(201);
    [{ id: caseId }] = await t.db.query<{ id: string }>(`SELECT id FROM cases`);
    const before = await request(t.url)
      .get(`/api/v1/cases/${caseId}`)
      .set(bearer(await login(member.email, member.password)))
      .expect(200);
    expect(before.body.report.description).toContain(NARRATIVE);
  });

  afterAll(async () => {
    await t?.close();
    for (const d of outDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('npm run cli -- escrow:split', () => {
    it('refuses impossible counts with a message naming the option', async () => {
      for (const [args, message] of [
        [['--shares', '3', '--threshold', '1'], /--threshold must be a whole number from 2 to --shares \(3\)/],
        [['--shares', '2', '--threshold', '3'], /--threshold must be/],
        [['--shares', '11', '--threshold', '2'], /--shares must be a whole number from 2 to 10/],
        [['--threshold', '2'], /--shares must be/],
      ] as const) {
        await expect(cli('escrow:split', ...args)).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
      }
    });

    it('refuses a file that holds another key, or no file, and writes nothing', async () => {
      const other = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-other-key-')), 'key.txt');
      outDirs.push(path.dirname(other));
      fs.writeFileSync(other, `${randomBytes(32).toString('base64')}\n`);
      await expect(cli('escrow:split', '--shares', '3', '--threshold', '2', '--key-file', other)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining("This is not the organisation's escrow key"),
      });
      await expect(cli('escrow:split', '--shares', '3', '--threshold', '2', '--key-file', `${other}.missing`)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining(`Cannot read the escrow key from ${other}.missing (ENOENT)`),
      });
      expect(fs.readdirSync(path.dirname(keyFile)).filter((n) => n.startsWith('escrow-shares-'))).toEqual([]);
    });

    it('splits the key from its file into 3 share files only their owner reads, and prints nothing secret', async () => {
      const { stdout, stderr } = await cli('escrow:split', '--shares', '3', '--threshold', '2');
      shareDir = /in (\S+):\n/.exec(stdout)![1];
      expect(path.dirname(shareDir)).toBe(path.dirname(keyFile));
      expect(fs.statSync(shareDir).mode & 0o777).toBe(0o700);
      const files = fs.readdirSync(shareDir).sort();
      expect(files).toEqual(['share-1-of-3.txt', 'share-2-of-3.txt', 'share-3-of-3.txt']);
      shares = files.map((f) => {
        const file = path.join(shareDir, f);
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        const text = fs.readFileSync(file, 'utf8');
        expect(keyMaterialIn(text, escrowKey)).toEqual([]);
        return text.split('\n').find((l) => l.startsWith('wbs-escrow-v1:'))!;
      });
      expect(stdout).toContain('any 2 recover it');
      expect(stdout).toContain(`shred -u ${keyFile}`);
      expect(keyMaterialIn(stdout + stderr, escrowKey)).toEqual([]);
      for (const s of shares) expect(stdout + stderr).not.toContain(s.split(':')[5]);
      expect(fs.readFileSync(keyFile, 'utf8')).toContain(escrowKey.toString('base64')); // the operator deletes it, once the shares are safe
    });

    it('reads the key from a pipe with --key-file -, and never writes over an existing share directory', async () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-shares-')), 'set');
      outDirs.push(path.dirname(out));
      const piped = await splitFromPipe(fs.readFileSync(keyFile, 'utf8'), out);
      expect(piped).toMatchObject({ code: 0, stderr: '' });
      expect(fs.readdirSync(out)).toHaveLength(3);
      expect(keyMaterialIn(piped.stdout, escrowKey)).toEqual([]);
      const before = fs.readFileSync(path.join(out, 'share-1-of-3.txt'), 'utf8');
      const again = await splitFromPipe(fs.readFileSync(keyFile, 'utf8'), out);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/exists already; shares are never written over/);
      expect(fs.readFileSync(path.join(out, 'share-1-of-3.txt'), 'utf8')).toBe(before);
    });
  });

  describe('password reset with shares', () => {
    it('refuses 1 share of 2 needed with a clear error, and changes nothing', async () => {
      const token = await login(member.email, member.password);
      const before = await memberRow(member.id);
      const res = await reset(member.id, { escrow_shares: [shares[1]] }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'escrow_shares', message: 'Diperlukan 2 bagian; baru 1 yang diberikan. Tidak ada yang diubah.' }]);
      expect(await memberRow(member.id)).toEqual(before);
      await request(t.url).get('/api/v1/auth/me').set(bearer(token)).expect(200);
    });

    it('names a mistyped share, a line that is no share, shares of another key, and key and shares together', async () => {
      const before = await memberRow(member.id);
      const i = shares[1].lastIndexOf(':') - 3;
      const typo = shares[1].slice(0, i) + (shares[1][i] === 'a' ? 'b' : 'a') + shares[1].slice(i + 1);
      let res = await reset(member.id, { escrow_shares: [shares[0], typo] }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'escrow_shares', message: expect.stringMatching(/^Bagian pada baris 2 tidak cocok dengan tanda periksanya/) }]);
      res = await reset(member.id, { escrow_shares: ['kunci rahasia', shares[0]] }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'escrow_shares', message: expect.stringMatching(/^Baris 1 bukan bagian kunci escrow/) }]);
      const foreign = shares.map((s) => s.replace(/key-[0-9a-f]{8}/, 'key-00000000'));
      res = await reset(member.id, { escrow_shares: foreign.slice(0, 2) }).expect(400);
      expect(res.body.errors[0].field).toBe('escrow_shares'); // the checksum covers the key id too
      res = await reset(member.id, { escrow_key: escrowKey.toString('base64'), escrow_shares: shares.slice(0, 2) }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'escrow_key', message: 'Isi kunci escrow atau bagian-bagiannya, jangan keduanya. Tidak ada yang diubah.' }]);
      res = await reset(member.id, { escrow_shares: 'bukan daftar' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'escrow_shares', message: expect.stringMatching(/^Baris 1 bukan bagian/) }]);
      expect(await memberRow(member.id)).toEqual(before);
    });

    it('restores a forgotten password with 2 of 3 shares: the member signs in and still reads the case sealed to them before', async () => {
      const res = await reset(member.id, { escrow_shares: [shares[2], shares[0]] }).expect(200);
      const oneTime = res.body.oneTimePassword as string;
      expect(oneTime).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      await request(t.url).post('/api/v1/auth/login').send({ email: member.email, password: member.password }).expect(401);

      const { agent, location } = await pageSession(t, member.email, oneTime);
      expect(location).toBe('/staff/password');
      const form = await agent.get('/staff/password').expect(200);
      const fresh = 'ikan bakar di pantai nambo';
      await agent
        .post('/staff/password')
        .type('form')
        .send({ _csrf: csrfOf(form.text), current_password: oneTime, new_password: fresh, confirm_password: fresh })
        .expect(303);

      const detail = await request(t.url)
        .get(`/api/v1/cases/${caseId}`)
        .set(bearer(await login(member.email, fresh)))
        .expect(200);
      expect(detail.body.report.description).toContain(NARRATIVE);
      const [event] = await t.db.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM outbox WHERE type = 'staff.password-reset'`);
      expect(event.payload).toMatchObject({ staffId: member.id, actorId: admin.id, method: 'escrow' });
    });

    it('works from the page: shares pasted one per line, never shown back', async () => {
      const other = await t.createStaff([Role.Inspector]);
      const { agent } = await pageSession(t, 'admin-escrow@kendarikota.go.id', TEST_PASSWORD);
      const page = await agent.get(`/staff/admin/staff/${other.id}`).expect(200);
      expect(page.text).toMatch(/<textarea id="escrow_shares" name="escrow_shares"/);
      const csrf = csrfOf(page.text);
      const refused = await agent
        .post(`/staff/admin/staff/${other.id}/password-reset`)
        .type('form')
        .send({ _csrf: csrf, escrow_shares: `${shares[1]}\n` })
        .expect(400);
      expect(refused.text).toContain('id="escrow_shares-error"');
      expect(refused.text).toContain('Diperlukan 2 bagian; baru 1 yang diberikan.');
      expect(refused.text).not.toContain(shares[1].split(':')[5]);
      const done = await agent
        .post(`/staff/admin/staff/${other.id}/password-reset`)
        .type('form')
        .send({ _csrf: csrf, escrow_shares: `${shares[1]}\r\n\r\n${shares[2]}\r\n` })
        .expect(200);
      const oneTime = /id="one-time-password"[^>]*>([a-z2-9-]+)</.exec(done.text)![1];
      for (const s of shares) expect(done.text).not.toContain(s.split(':')[5]);
      expect((await request(t.url).post('/api/v1/auth/login').send({ email: other.email, password: oneTime }).expect(200)).body.mustChangePassword).toBe(true);
    });

    it('leaves neither the key nor a share in the log or the database', async () => {
      const logs = t.logs();
      expect(logs.length).toBeGreaterThan(1000);
      expect(keyMaterialIn(logs, escrowKey)).toEqual([]);
      for (const s of shares) expect(logs).not.toContain(s.split(':')[5]);
      const tables = await t.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
      let dump = '';
      for (const { table_name } of tables) dump += (await t.db.query<{ r: string }>(`SELECT t::text AS r FROM "${table_name}" t`)).map((r) => r.r).join('\n');
      expect(keyMaterialIn(dump, escrowKey)).toEqual([]);
      for (const s of shares) expect(dump).not.toContain(s.split(':')[5]);
    });
  });
});
