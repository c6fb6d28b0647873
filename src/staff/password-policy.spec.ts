import { assertPasswordAcceptable, breachedListSize } from './password-policy';
import { WeakPassword } from './staff.errors';

describe('assertPasswordAcceptable', () => {
  it.each([
    ['short1', 'password.too_short'],
    ['inspektorat123', 'password.too_common'],
    ['aaaaaaaaaaaaaaab', 'password.too_repetitive'],
    ['budi.santoso-secret!', 'password.contains_email'],
    ['x'.repeat(300), 'password.too_long'],
    ['1qaz2wsx3edc4rfv', 'password.breached'],
    ['Qwerty123456789', 'password.breached'],
    ['Administrator1', 'password.breached'],
  ])('refuses %s with %s', (password, key) => {
    try {
      assertPasswordAcceptable(password, 'budi.santoso@kendarikota.go.id');
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(WeakPassword);
      expect((e as WeakPassword).errors[0].message).toBe(key);
    }
  });

  it('checks against a shipped list of at least 100,000 breached passwords', () => {
    expect(breachedListSize()).toBeGreaterThanOrEqual(100_000);
  });

  it('accepts a long passphrase', () => {
    expect(() => assertPasswordAcceptable('teluk kendari pagi hari', 'budi@x.id')).not.toThrow();
  });
});
