import sodium from 'sodium-native';
import { ValidationFailed } from '../platform/http/domain-error';

/** The header of CONTRACT.md; printable ASCII, long enough to be unguessable when random. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY_PATTERN = /^[\x21-\x7e]{16,255}$/;

/** What the database keeps for a key: its lookup hash, and the key that seals the receipt. */
export interface IdempotencyKeys {
  lookup: Buffer;
  sealKey: Buffer;
}

/** The header's value, or null when absent; a malformed key is refused (nothing is filed). */
export function parseIdempotencyKey(header: unknown): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new ValidationFailed([{ field: IDEMPOTENCY_HEADER, message: 'report.idempotency_key_invalid' }]);
  }
  return header;
}

/**
 * Both derived with the deployment's receipt secret: the lookup hash says nothing about the key,
 * and the seal key needs the key itself, which only the client holds.
 */
export function deriveIdempotencyKeys(key: string, secret: Buffer): IdempotencyKeys {
  return { lookup: keyed(secret, `wbs-idempotency-lookup:${key}`), sealKey: keyed(secret, `wbs-idempotency-seal:${key}`) };
}

/**
 * What the request said, so a key reused for a different report is refused rather than answered
 * with another report's receipt. Keyed with the seal key: without the client's key it is noise.
 * Files are not part of it (they are checked and cleaned after this point).
 */
export function requestFingerprint(sealKey: Buffer, input: Record<string, unknown>): Buffer {
  return keyed(sealKey, canonicalJson(input));
}

function keyed(key: Buffer, text: string): Buffer {
  const out = Buffer.alloc(32);
  sodium.crypto_generichash(out, Buffer.from(text, 'utf8'), key);
  return out;
}

/** JSON with object keys sorted at every level, so the same fields in another order match. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
