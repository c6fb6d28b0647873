import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, TestDatabase } from './support/database';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');

/** `npm run cli -- seed:demo` (CONTRACT.md): staff for every role and invented reports, once. */
describe('seed:demo', () => {
  let db: TestDatabase;
  let dataDir = '';
  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', KDF_MEMORY_KIB: '8192' } });

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-demo-'));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates one member per role with one-time passwords and files three demo reports', async () => {
    const out = await cli('seed:demo');
    expect(out.stdout.match(/[a-z2-9]{5}(-[a-z2-9]{5}){3}/g)).toHaveLength(5);
    expect(out.stdout.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g)).toHaveLength(3);
    const staff = await db.query<{ roles: string[]; must_change_password: boolean }>(`SELECT roles, must_change_password FROM staff ORDER BY email`);
    expect(staff.flatMap((s) => s.roles).sort()).toEqual(['admin', 'auditor', 'custodian', 'inspector', 'supervisor']);
    expect(staff.every((s) => s.must_change_password)).toBe(true);
    expect(await db.query(`SELECT count(*)::int AS n FROM cases`)).toEqual([{ n: 3 }]);
  });

  it('refuses to run twice and adds nothing', async () => {
    await expect(cli('seed:demo')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('already there') });
    expect(await db.query(`SELECT count(*)::int AS n FROM staff`)).toEqual([{ n: 5 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM cases`)).toEqual([{ n: 3 }]);
  });
});
