import { TOTP } from 'otpauth';
import { matchTotpCode, newTotpSecret, normaliseTotpCode, otpauthUri, totpCodeAt, totpSecretBase32, totpStep, TOTP_SECRET_BYTES } from './totp-code';

/** RFC 6238 Appendix B: the SHA-1 seed and its 8-digit codes; six digits are the last six. */
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP codes', () => {
  it.each(RFC_VECTORS)('computes the RFC 6238 code at T=%i', (seconds, eight) => {
    expect(totpCodeAt(RFC_SECRET, totpStep(at(seconds)))).toBe(eight.slice(2));
    expect(matchTotpCode(RFC_SECRET, eight.slice(2), at(seconds), null)).toBe(totpStep(at(seconds)));
  });

  it('accepts one step either side of the server time and refuses two', () => {
    const now = at(1111111111); // step 37037037
    const step = totpStep(now);
    for (const delta of [-1, 0, 1]) expect(matchTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, step + delta), now, null)).toBe(step + delta);
    for (const delta of [-3, -2, 2, 3]) expect(matchTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, step + delta), now, null)).toBeNull();
  });

  it('refuses a wrong code', () => {
    const now = at(1234567890);
    const right = totpCodeAt(RFC_SECRET, totpStep(now));
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(matchTotpCode(RFC_SECRET, wrong, now, null)).toBeNull();
  });

  it('refuses a replay: the step last used, and any earlier one, but takes the next', () => {
    const now = at(2000000000);
    const step = totpStep(now);
    const code = totpCodeAt(RFC_SECRET, step);
    expect(matchTotpCode(RFC_SECRET, code, now, step - 1)).toBe(step);
    expect(matchTotpCode(RFC_SECRET, code, now, step)).toBeNull();
    expect(matchTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, step - 1), now, step)).toBeNull();
    expect(matchTotpCode(RFC_SECRET, code, new Date(now.getTime() + 30_000), step)).toBeNull();
    expect(matchTotpCode(RFC_SECRET, totpCodeAt(RFC_SECRET, step + 1), new Date(now.getTime() + 30_000), step)).toBe(step + 1);
  });

  it('reads codes typed with spaces and refuses anything but six digits', () => {
    expect(normaliseTotpCode(' 287 082 ')).toBe('287082');
    for (const bad of ['', '28708', '2870822', '28708a', '２８７０８２', '287-082']) expect(normaliseTotpCode(bad)).toBeNull();
    expect(matchTotpCode(RFC_SECRET, '287 082', at(59), null)).toBe(1);
  });

  it('writes an otpauth URI that an app (here otpauth itself) reads back to the same codes', () => {
    const secret = newTotpSecret();
    expect(secret).toHaveLength(TOTP_SECRET_BYTES);
    const uri = otpauthUri(secret, 'irban@kendarikota.go.id');
    expect(uri).toMatch(/^otpauth:\/\/totp\/WBS%20Inspektorat:irban%40kendarikota\.go\.id\?/);
    expect(uri).toContain('issuer=WBS%20Inspektorat');
    expect(uri).toContain(`secret=${totpSecretBase32(secret)}`);
    const app = new TOTP({ secret: totpSecretBase32(secret) });
    const now = at(1_764_300_000);
    expect(app.generate({ timestamp: now.getTime() })).toBe(totpCodeAt(secret, totpStep(now)));
  });
});
