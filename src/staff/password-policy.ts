import { WeakPassword } from './staff.errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The most common choices seen in leaked password lists, plus local favourites.
const COMMON = new Set([
  'password1234', '123456789012', 'qwertyuiop12', 'passwordpassword', 'iloveyou1234', 'admin1234567',
  'inspektorat123', 'kendari12345', 'bismillah123', 'indonesia123', 'rahasia12345', 'katasandi123',
]);

/**
 * Length is what matters most (NIST SP 800-63B): at least 12 characters, not a well-known
 * password, not mostly one repeated character, not the e-mail's name part.
 */
export function assertPasswordAcceptable(password: string, email?: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH) throw new WeakPassword('password.too_short', { min: PASSWORD_MIN_LENGTH }, field);
  if (password.length > PASSWORD_MAX_LENGTH) throw new WeakPassword('password.too_long', { max: PASSWORD_MAX_LENGTH }, field);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) throw new WeakPassword('password.too_common', undefined, field);
  if (new Set(lower).size < 5) throw new WeakPassword('password.too_repetitive', undefined, field);
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) throw new WeakPassword('password.contains_email', undefined, field);
}
