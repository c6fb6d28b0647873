import { createHash, randomInt } from 'node:crypto';

/**
 * Single-use recovery codes, for a member whose phone is lost: ten at enrolment, shown once.
 * Each is 10 Crockford base32 characters (50 random bits), shown as `abcde-fghij`. 50 bits from
 * a CSPRNG cannot be guessed online (sign-in attempts are limited and locked out) and are
 * costly to search offline, so they are stored as a plain SHA-256, no slow hash.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 10;
const MAX_INPUT_LENGTH = 64;
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;
/** Changing it makes every stored code unusable. */
const HASH_PREFIX = 'wbs/staff-recovery-code/v1:';

/** Ten distinct codes, formatted for printing. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    codes.add(`${chars.slice(0, 5)}-${chars.slice(5)}`);
  }
  return [...codes];
}

/**
 * Reads a code as typed: any case, with or without the dash or spaces, O for 0, I or L for 1.
 * Returns the canonical 10 characters, or null when it cannot be a recovery code.
 */
export function normaliseRecoveryCode(input: string): string | null {
  if (input.length > MAX_INPUT_LENGTH) return null;
  const compact = input.replace(SEPARATORS, '');
  // ASCII is checked before lower-casing, which maps some non-ASCII letters (İ, K) to ASCII ones.
  if (!/^[0-9A-Za-z]{10}$/.test(compact)) return null;
  const canonical = compact.toLowerCase().replace(/o/g, '0').replace(/[il]/g, '1');
  return /^[0-9a-hjkmnp-tv-z]{10}$/.test(canonical) ? canonical : null;
}

/**
 * SHA-256 over the member's id and the canonical code: the same code of two members hashes
 * differently, and one search does not cover every member at once.
 */
export function recoveryCodeHash(staffId: string, canonical: string): Buffer {
  return createHash('sha256').update(`${HASH_PREFIX}${staffId}:${canonical}`).digest();
}
