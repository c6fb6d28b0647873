import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDeploymentSecrets } from './deployment-secrets';

describe(loadDeploymentSecrets.name, () => {
  let dataDir: string;
  const secretsDir = () => path.join(dataDir, 'secrets');
  const mode = (p: string) => fs.statSync(p).mode & 0o777;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-secrets-'));
  });

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('from the environment', () => {
    const a = Buffer.alloc(32, 0xa1);
    const b = Buffer.alloc(32, 0xb2);

    it('accepts hex and base64', () => {
      const secrets = loadDeploymentSecrets(dataDir, { RECEIPT_SECRET: a.toString('hex'), TOKEN_SECRET: b.toString('base64') });
      expect(secrets.receiptSecret).toEqual(a);
      expect(secrets.tokenSecret).toEqual(b);
      expect(fs.existsSync(secretsDir())).toBe(false);
    });

    it('hashes a longer secret down to 32 bytes', () => {
      const secrets = loadDeploymentSecrets(dataDir, {
        RECEIPT_SECRET: Buffer.alloc(64, 1).toString('base64'),
        TOKEN_SECRET: Buffer.alloc(48, 1).toString('hex'),
      });
      expect(secrets.receiptSecret.length).toBe(32);
      expect(secrets.tokenSecret.length).toBe(32);
      expect(secrets.receiptSecret.equals(secrets.tokenSecret)).toBe(false);
    });

    it.each([
      ['too short', Buffer.alloc(31, 3).toString('base64')],
      ['too short in hex', Buffer.alloc(31, 3).toString('hex')],
      ['neither hex nor base64', 'this is not a secret at all, is it?!'],
      ['empty', ''],
    ])('refuses a value that is %s, naming the variable and what is accepted', (_, value) => {
      const load = () => loadDeploymentSecrets(dataDir, { RECEIPT_SECRET: value, TOKEN_SECRET: b.toString('hex') });
      expect(load).toThrow(/^RECEIPT_SECRET must be at least 32 random bytes written as hex .* or base64/);
    });

    it('names TOKEN_SECRET when that one is wrong, without echoing it', () => {
      const value = Buffer.alloc(16, 9).toString('hex');
      const load = () => loadDeploymentSecrets(dataDir, { RECEIPT_SECRET: a.toString('hex'), TOKEN_SECRET: value });
      expect(load).toThrow(/^TOKEN_SECRET /);
      expect(load).not.toThrow(value);
    });
  });

  describe('from the data directory', () => {
    it('creates two different secrets, owner-only, and reads the same ones back', () => {
      const first = loadDeploymentSecrets(dataDir, {});
      expect(first.receiptSecret.length).toBe(32);
      expect(first.tokenSecret.length).toBe(32);
      expect(first.receiptSecret.equals(first.tokenSecret)).toBe(false);
      expect(mode(secretsDir())).toBe(0o700);
      expect(fs.readdirSync(secretsDir()).sort()).toEqual(['receipt-secret.key', 'token-secret.key']);
      for (const file of fs.readdirSync(secretsDir())) expect(mode(path.join(secretsDir(), file))).toBe(0o600);

      const again = loadDeploymentSecrets(dataDir, {});
      expect(again.receiptSecret).toEqual(first.receiptSecret);
      expect(again.tokenSecret).toEqual(first.tokenSecret);
    });

    it('stores the secret as base64 text', () => {
      const { receiptSecret } = loadDeploymentSecrets(dataDir, {});
      const text = fs.readFileSync(path.join(secretsDir(), 'receipt-secret.key'), 'utf8');
      expect(Buffer.from(text.trim(), 'base64')).toEqual(receiptSecret);
    });

    it('keeps a secret another process already wrote', () => {
      const existing = Buffer.alloc(32, 0x5a);
      fs.mkdirSync(secretsDir(), { mode: 0o700 });
      fs.writeFileSync(path.join(secretsDir(), 'token-secret.key'), existing.toString('base64'), { mode: 0o600 });
      expect(loadDeploymentSecrets(dataDir, {}).tokenSecret).toEqual(existing);
    });

    it('reads the winner when another process creates the file first', () => {
      const winner = Buffer.alloc(32, 0x77);
      fs.mkdirSync(secretsDir(), { mode: 0o700 });
      fs.writeFileSync(path.join(secretsDir(), 'receipt-secret.key'), winner.toString('base64'), { mode: 0o600 });
      // As if the file appeared between our existence check and our link().
      const exists = jest.spyOn(fs, 'existsSync').mockReturnValue(false);
      try {
        expect(loadDeploymentSecrets(dataDir, {}).receiptSecret).toEqual(winner);
      } finally {
        exists.mockRestore();
      }
      expect(fs.readdirSync(secretsDir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    it('prefers the environment over the file', () => {
      loadDeploymentSecrets(dataDir, {});
      const fromEnv = Buffer.alloc(32, 0x42);
      expect(loadDeploymentSecrets(dataDir, { RECEIPT_SECRET: fromEnv.toString('hex') }).receiptSecret).toEqual(fromEnv);
    });

    it('refuses a file group or others can read', () => {
      loadDeploymentSecrets(dataDir, {});
      const file = path.join(secretsDir(), 'receipt-secret.key');
      fs.chmodSync(file, 0o644);
      expect(() => loadDeploymentSecrets(dataDir, {})).toThrow(/receipt-secret\.key is accessible to group or others \(mode 644\); run chmod 600/);
    });

    it('refuses a file that holds too little', () => {
      fs.mkdirSync(secretsDir(), { mode: 0o700 });
      fs.writeFileSync(path.join(secretsDir(), 'receipt-secret.key'), 'c2hvcnQ=', { mode: 0o600 });
      expect(() => loadDeploymentSecrets(dataDir, {})).toThrow(/receipt-secret\.key must hold at least 32 bytes/);
    });

    it('leaves no temporary files behind', () => {
      loadDeploymentSecrets(dataDir, {});
      expect(fs.readdirSync(secretsDir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  });
});
