import { CryptoService, DecryptionFailed } from '../../platform/crypto';
import { newTotpSecret, totpSecretBase32 } from './totp-code';
import { openTotpSecret, sealTotpSecret } from './totp-secret-box';

describe('TOTP secret encryption', () => {
  const crypto = new CryptoService();
  const member = '6f1c2d3e-0000-4000-8000-000000000001';
  const other = '6f1c2d3e-0000-4000-8000-000000000002';

  it('round-trips under the member’s private key and holds nothing of the secret in clear', () => {
    const { privateKey } = crypto.generateKeyPair();
    const secret = newTotpSecret();
    const box = sealTotpSecret(crypto, privateKey, member, secret);
    expect(box).toHaveLength(24 + 20 + 16);
    expect(box.includes(secret)).toBe(false);
    expect(box.toString('latin1')).not.toContain(totpSecretBase32(secret));
    expect(openTotpSecret(crypto, privateKey, member, box).equals(secret)).toBe(true);
    expect(sealTotpSecret(crypto, privateKey, member, secret).equals(box)).toBe(false); // fresh nonce
  });

  it('does not open with another key, on another member’s row, or when tampered with', () => {
    const { privateKey } = crypto.generateKeyPair();
    const box = sealTotpSecret(crypto, privateKey, member, newTotpSecret());
    expect(() => openTotpSecret(crypto, crypto.generateKeyPair().privateKey, member, box)).toThrow(DecryptionFailed);
    expect(() => openTotpSecret(crypto, privateKey, other, box)).toThrow(DecryptionFailed);
    const tampered = Buffer.from(box);
    tampered[30] ^= 1;
    expect(() => openTotpSecret(crypto, privateKey, member, tampered)).toThrow(DecryptionFailed);
  });

  it('does not use the private key itself as the encryption key', () => {
    const { privateKey } = crypto.generateKeyPair();
    const box = sealTotpSecret(crypto, privateKey, member, newTotpSecret());
    expect(() => crypto.decrypt(privateKey, box, `staff:${member}:totp-secret`)).toThrow(DecryptionFailed);
  });
});
