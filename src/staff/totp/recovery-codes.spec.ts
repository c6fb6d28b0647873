import { newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeHash } from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten distinct codes of 50 random bits, grouped abcde-fghij', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    // 10 characters from a 32-character alphabet: 50 bits.
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    const again = newRecoveryCodes();
    expect(again.some((c) => codes.includes(c))).toBe(false);
  });

  it('reads a code as typed: case, dash, spaces, O for 0, I or L for 1', () => {
    expect(normaliseRecoveryCode('k3m9p-x2v7q')).toBe('k3m9px2v7q');
    expect(normaliseRecoveryCode(' K3M9P X2V7Q ')).toBe('k3m9px2v7q');
    expect(normaliseRecoveryCode('k3m9p–x2v7q')).toBe('k3m9px2v7q');
    expect(normaliseRecoveryCode('aoil0-11111')).toBe('a0110' + '11111');
    for (const bad of ['', 'k3m9p-x2v7', 'k3m9p-x2v7qq', 'k3m9p-x2v7u', 'k3m9p_x2v7q', 'k3m9p-x2v7ı', 'x'.repeat(100)]) {
      expect(normaliseRecoveryCode(bad)).toBeNull();
    }
  });

  it('hashes with the member’s id: the same code of two members does not match', () => {
    const a = recoveryCodeHash('6f1c2d3e-0000-4000-8000-000000000001', 'k3m9px2v7q');
    expect(a).toHaveLength(32);
    expect(recoveryCodeHash('6f1c2d3e-0000-4000-8000-000000000001', 'k3m9px2v7q').equals(a)).toBe(true);
    expect(recoveryCodeHash('6f1c2d3e-0000-4000-8000-000000000002', 'k3m9px2v7q').equals(a)).toBe(false);
  });
});
