import * as sodium from 'sodium-native';

/**
 * Reporter receipts (DESIGN §4): 16 Crockford base32 characters, 80 random bits. The receipt is
 * the reporter's only credential and is never stored: the database keeps a keyed hash to find the
 * case, and the reporter's key is derived from it.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_LENGTH = 16;
const RANDOM_BYTES = (RECEIPT_LENGTH * 5) / 8;
/** Longer input is not a mistyped receipt; refusing it early bounds the work done on it. */
const MAX_INPUT_LENGTH = 64;
/** Spaces, any whitespace, and the dashes word processors and PDFs turn hyphens into. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;
/** Changing a prefix makes every stored lookup or reporter key unreachable. */
const LOOKUP_PREFIX = 'wbs/receipt-lookup/v1:';
const REPORTER_KEY_PREFIX = 'wbs/reporter-key/v1:';
const MIN_SALT_BYTES = 16;

export function generateReceipt(): string {
  const bytes = Buffer.alloc(RANDOM_BYTES);
  sodium.randombytes_buf(bytes);
  let receipt = '';
  let bits = 0;
  let bitCount = 0;
  for (const byte of bytes) {
    bits = (bits << 8) | byte;
    bitCount += 8;
    while (bitCount >= 5) {
      bitCount -= 5;
      receipt += ALPHABET[(bits >> bitCount) & 31];
    }
    bits &= (1 << bitCount) - 1;
  }
  sodium.sodium_memzero(bytes);
  return receipt;
}

/** `XXXX-XXXX-XXXX-XXXX`, as shown to the reporter. */
export function formatReceipt(receipt: string): string {
  assertNormalised(receipt);
  return receipt.match(/.{4}/g)!.join('-');
}

/**
 * Reads a receipt as a reporter may type it: any case, with spaces or dashes, O for 0, I or L
 * for 1. Returns the canonical 16 characters, or null when it cannot be a receipt.
 */
export function normaliseReceipt(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null;
  const compact = input.replace(SEPARATORS, '');
  // ASCII is checked before upper-casing, which maps some non-ASCII letters (ı, ſ) to ASCII ones.
  if (!/^[0-9A-Za-z]{16}$/.test(compact)) return null;
  const canonical = compact.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  return isNormalised(canonical) ? canonical : null;
}

/** Keyed BLAKE2b-256 of the receipt: finds the case without storing the receipt. */
export function receiptLookup(normalised: string, secret: Buffer): Buffer {
  assertNormalised(normalised);
  const lookup = Buffer.alloc(32);
  sodium.crypto_generichash(lookup, Buffer.from(LOOKUP_PREFIX + normalised, 'ascii'), secret);
  return lookup;
}

/**
 * The reporter's 32-byte key: BLAKE2b keyed with the receipt over a per-case random salt (16 bytes
 * or more). 80 random bits cannot be guessed offline even at BLAKE2b speed, so no slow KDF.
 */
export function reporterKey(normalised: string, salt: Buffer): Buffer {
  assertNormalised(normalised);
  if (salt.length < MIN_SALT_BYTES) throw new RangeError(`reporter key salt must be at least ${MIN_SALT_BYTES} bytes`);
  const receiptBytes = Buffer.from(normalised, 'ascii');
  const key = Buffer.alloc(32);
  sodium.crypto_generichash(key, Buffer.concat([Buffer.from(REPORTER_KEY_PREFIX, 'ascii'), salt]), receiptBytes);
  sodium.sodium_memzero(receiptBytes);
  return key;
}

function isNormalised(value: string): boolean {
  return value.length === RECEIPT_LENGTH && [...value].every((c) => ALPHABET.includes(c));
}

function assertNormalised(value: string): void {
  // Hashing a formatted or lower-case receipt would silently find nothing.
  if (!isNormalised(value)) throw new TypeError('receipt must be normalised (see normaliseReceipt)');
}
