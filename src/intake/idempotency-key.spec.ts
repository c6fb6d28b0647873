import { ValidationFailed } from '../platform/http/domain-error';
import { deriveIdempotencyKeys, parseIdempotencyKey, requestFingerprint } from './idempotency-key';

const SECRET = Buffer.alloc(32, 7);

describe(parseIdempotencyKey.name, () => {
  it('takes no header as no key, and a key of 16 to 255 visible ASCII characters', () => {
    expect(parseIdempotencyKey(undefined)).toBeNull();
    expect(parseIdempotencyKey('0f8c6a1e-93b4-4c3e-9a51-3f0d2b7c9e10')).toBe('0f8c6a1e-93b4-4c3e-9a51-3f0d2b7c9e10');
  });

  it.each([
    ['too short', 'abc'],
    ['a space', 'abcdefgh ijklmnopq'],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'kunci-laporan-ü-0001'],
    ['repeated header', ['a'.repeat(20), 'b'.repeat(20)]],
  ])('refuses a key with %s', (_why, value) => {
    expect(() => parseIdempotencyKey(value)).toThrow(ValidationFailed);
  });
});

describe(requestFingerprint.name, () => {
  const { sealKey } = deriveIdempotencyKeys('0f8c6a1e-93b4-4c3e-9a51-3f0d2b7c9e10', SECRET);

  it('is the same for the same fields in another order, and differs for other fields', () => {
    const a = requestFingerprint(sealKey, { title: 'Dana hibah', anonymous: true, answers: { q1: 'x', q2: ['a', 'b'] } });
    const b = requestFingerprint(sealKey, { answers: { q2: ['a', 'b'], q1: 'x' }, anonymous: true, title: 'Dana hibah' });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(requestFingerprint(sealKey, { title: 'Dana hibah', anonymous: false, answers: { q1: 'x', q2: ['a', 'b'] } }))).toBe(false);
  });

  it('depends on the key: another key gives another lookup, seal key and fingerprint', () => {
    const other = deriveIdempotencyKeys('1f8c6a1e-93b4-4c3e-9a51-3f0d2b7c9e10', SECRET);
    const mine = deriveIdempotencyKeys('0f8c6a1e-93b4-4c3e-9a51-3f0d2b7c9e10', SECRET);
    expect(other.lookup.equals(mine.lookup)).toBe(false);
    expect(other.sealKey.equals(mine.sealKey)).toBe(false);
    expect(requestFingerprint(other.sealKey, { a: 1 }).equals(requestFingerprint(mine.sealKey, { a: 1 }))).toBe(false);
  });
});
