import { createHmac, randomBytes } from 'node:crypto';

/**
 * Rate limits need to tell clients apart without remembering who they are (DESIGN.md §5): the
 * address is replaced by an HMAC under a key that lives only in memory and is replaced every
 * UTC day, so yesterday's counters cannot be linked to today's, and nothing is ever persisted.
 */
const DAY_MS = 86_400_000;
let day = -1;
let key = randomBytes(32);

export function addressKey(address: string | undefined, nowMs = Date.now()): string {
  const today = Math.floor(nowMs / DAY_MS);
  if (today !== day) {
    day = today;
    key = randomBytes(32);
  }
  const a = address ?? 'unknown';
  // IPv6 clients usually own a whole /64: count it as one client.
  const normalised = a.includes(':') && !a.startsWith('::ffff:') ? a.split(':').slice(0, 4).join(':') : a;
  return createHmac('sha256', key).update(normalised).digest('base64url').slice(0, 22);
}
