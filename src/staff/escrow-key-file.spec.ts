import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationFailed } from '../platform/http/domain-error';
import { escrowKeyFilesIn, escrowKeyId, parseEscrowKeyText, writeEscrowKeyFile } from './escrow-key-file';
import { formatStartupNotice } from './first-start.service';

describe('escrow key file', () => {
  let dataDir: string;
  const privateKey = Buffer.alloc(32, 7);
  const publicKey = Buffer.alloc(32, 9);
  const mode = (p: string) => fs.statSync(p).mode & 0o777;

  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-escrow-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('writes the key once, readable by its owner only, in a directory only the owner enters', () => {
    const file = writeEscrowKeyFile(dataDir, privateKey, publicKey, new Date('2026-12-06T07:00:00Z'));
    expect(file).toBe(path.join(dataDir, 'secrets', `escrow-private-key-${escrowKeyId(publicKey)}.txt`));
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(parseEscrowKeyText(fs.readFileSync(file, 'utf8')).equals(privateKey)).toBe(true);
    expect(escrowKeyFilesIn(dataDir)).toEqual([{ file, keyId: escrowKeyId(publicKey) }]);
  });

  it('never writes over an existing file', () => {
    const file = writeEscrowKeyFile(dataDir, privateKey, publicKey, new Date());
    const before = fs.readFileSync(file, 'utf8');
    expect(() => writeEscrowKeyFile(dataDir, Buffer.alloc(32, 1), publicKey, new Date())).toThrow(/already exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('narrows a secrets directory that others could read', () => {
    fs.mkdirSync(path.join(dataDir, 'secrets'), { mode: 0o755 });
    fs.chmodSync(path.join(dataDir, 'secrets'), 0o755);
    writeEscrowKeyFile(dataDir, privateKey, publicKey, new Date());
    expect(mode(path.join(dataDir, 'secrets'))).toBe(0o700);
  });

  it('reads the key as typed, split over lines, and refuses what is no key', () => {
    const b64 = privateKey.toString('base64');
    expect(parseEscrowKeyText(`  ${b64.slice(0, 10)}\n ${b64.slice(10)} `).equals(privateKey)).toBe(true);
    for (const [text, message] of [
      ['', 'staff.escrow_key_required'],
      ['# only a comment\n', 'staff.escrow_key_required'],
      ['abc', 'staff.escrow_key_malformed'],
      [privateKey.toString('hex'), 'staff.escrow_key_malformed'],
    ]) {
      let errors: unknown;
      try {
        parseEscrowKeyText(text);
      } catch (e) {
        errors = (e as ValidationFailed).errors;
      }
      expect(errors).toEqual([{ field: 'escrow_key', message }]);
    }
  });
});

describe(formatStartupNotice.name, () => {
  it('says nothing when there is nothing to do', () => {
    expect(formatStartupNotice({ admin: null, loginUrl: 'http://x/staff/login', keyFiles: [] })).toBeNull();
  });

  it('frames the first sign-in and ends with one line per escrow key file', () => {
    const text = formatStartupNotice({
      admin: { email: 'admin@wbs.local', oneTimePassword: 'abcde-fghjk-mnpqr-stuvw' },
      loginUrl: 'http://localhost:3000/staff/login',
      keyFiles: [{ file: '/srv/wbs/data/secrets/escrow-private-key-0a1b2c3d.txt', current: true }],
    })!;
    const lines = text.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^={78}$/);
    expect(lines.at(-1)).toMatch(/^={78}$/);
    expect(text).toContain('password   abcde-fghjk-mnpqr-stuvw');
    expect(text).toContain('address    http://localhost:3000/staff/login');
    expect(lines.at(-2)).toBe('  Escrow private key in /srv/wbs/data/secrets/escrow-private-key-0a1b2c3d.txt: move it offline, then delete it here.');
    expect(text).not.toMatch(/"level"|\{/);
  });
});
