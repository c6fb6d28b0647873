import { createHash, randomBytes } from 'node:crypto';
import { combine, split } from 'shamir-secret-sharing';
import { FieldError, ValidationFailed } from '../platform/http/domain-error';
import { escrowKeyId } from './escrow-key-file';
import './staff-accounts.i18n';

/**
 * The escrow private key as Shamir shares (DESIGN.md §4: "preferably as threshold shares"), so
 * that no single person, envelope or file holds it. The arithmetic is the audited
 * `shamir-secret-sharing` library's; this file only gives each share a printable form:
 *
 *   wbs-escrow-v1:key-9f3a0c1e:set-4b7d:share-1-of-3:need-2:<66 hex digits>:<8 hex digits>
 *
 * `key` names the key pair (escrowKeyId, from the public half), `set` the split (shares of two
 * splits of one key do not combine), then which share this is, how many a reset needs, the share
 * itself (33 bytes) and a checksum of everything before it, so a mistyped character is named at
 * once instead of silently giving a wrong key. Spaces and letter case do not matter.
 */
export const MAX_SHARES = 10;

export interface EscrowShare {
  keyId: string;
  setId: string;
  number: number;
  of: number;
  need: number;
  bytes: Uint8Array;
}

const PREFIX = 'wbs-escrow-v1:';
const SHARE = /^wbs-escrow-v1:key-([0-9a-f]{8}):set-([0-9a-f]{4}):share-(\d{1,2})-of-(\d{1,2}):need-(\d{1,2}):((?:[0-9a-f]{2}){33}):([0-9a-f]{8})$/;

/** Splits a 32-byte escrow private key into `shares` printable shares, any `threshold` of which recover it. */
export async function splitEscrowKey(privateKey: Buffer, publicKey: Buffer, shares: number, threshold: number): Promise<string[]> {
  if (!Number.isInteger(shares) || shares < 2 || shares > MAX_SHARES) throw new RangeError(`shares must be a whole number from 2 to ${MAX_SHARES}`);
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > shares) throw new RangeError(`threshold must be a whole number from 2 to the number of shares (${shares})`);
  const secret = new Uint8Array(privateKey);
  try {
    const parts = await split(secret, shares, threshold);
    const keyId = escrowKeyId(publicKey);
    const setId = randomBytes(2).toString('hex');
    const printed = parts.map((bytes, i) => formatShare({ keyId, setId, number: i + 1, of: shares, need: threshold, bytes }));
    // Prove the set before anyone relies on it: every group of `threshold` shares gives the key back.
    for (const group of groupsOf(parts, threshold)) {
      const back = Buffer.from(await combine(group));
      const same = back.equals(privateKey);
      back.fill(0);
      if (!same) throw new Error('escrow shares did not recombine to the key; nothing was written');
    }
    for (const p of parts) p.fill(0);
    return printed;
  } finally {
    secret.fill(0);
  }
}

export function formatShare(s: EscrowShare): string {
  const body = `${PREFIX}key-${s.keyId}:set-${s.setId}:share-${s.number}-of-${s.of}:need-${s.need}:${Buffer.from(s.bytes).toString('hex')}`;
  return `${body}:${checksum(body)}`;
}

/**
 * Reads shares, one per entry (a line of the page's text area, or an item of the API's array).
 * Blank entries are skipped. Every malformed or mistyped share is named by its line; nothing is
 * combined until all of them read correctly.
 */
export function parseEscrowShares(entries: string[]): EscrowShare[] {
  const errors: FieldError[] = [];
  const shares: EscrowShare[] = [];
  entries.forEach((entry, i) => {
    const text = entry.replace(/\s+/g, '').toLowerCase();
    if (!text) return;
    const line = i + 1;
    const m = SHARE.exec(text);
    if (!m) return void errors.push(shareError('staff.escrow_share_malformed', { line }));
    if (checksum(text.slice(0, text.lastIndexOf(':'))) !== m[7]) return void errors.push(shareError('staff.escrow_share_checksum', { line }));
    const [number, of, need] = [Number(m[3]), Number(m[4]), Number(m[5])];
    if (number < 1 || number > of || need < 2 || need > of) return void errors.push(shareError('staff.escrow_share_malformed', { line }));
    if (shares.some((s) => s.number === number && s.setId === m[2])) return void errors.push(shareError('staff.escrow_share_duplicate', { line, number }));
    shares.push({ keyId: m[1], setId: m[2], number, of, need, bytes: Uint8Array.from(Buffer.from(m[6], 'hex')) });
  });
  if (errors.length) throw new ValidationFailed(errors);
  return shares;
}

/**
 * The escrow private key from shares of the key `expectedKeyId`. Refuses shares of another key,
 * of several splits, or fewer than the split needs. The caller still checks the result against
 * the stored public key.
 */
export async function combineEscrowShares(shares: EscrowShare[], expectedKeyId: string): Promise<Buffer> {
  if (shares.length === 0) throw new ValidationFailed([shareError('staff.escrow_key_required')]);
  const [first] = shares;
  if (shares.some((s) => s.keyId !== first.keyId || s.setId !== first.setId || s.of !== first.of || s.need !== first.need)) {
    throw new ValidationFailed([shareError('staff.escrow_shares_mixed')]);
  }
  if (first.keyId !== expectedKeyId) throw new ValidationFailed([shareError('staff.escrow_shares_other_key')]);
  if (shares.length < first.need) throw new ValidationFailed([shareError('staff.escrow_shares_too_few', { need: first.need, given: shares.length })]);
  const secret = await combine(shares.map((s) => s.bytes));
  try {
    return Buffer.from(secret);
  } finally {
    secret.fill(0);
  }
}

function shareError(message: string, params?: Record<string, number>): FieldError {
  return { field: 'escrow_shares', message, ...(params ? { params } : {}) };
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 8);
}

/** Every choice of `k` items, in order. */
function groupsOf<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((item, i) => groupsOf(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]));
}
