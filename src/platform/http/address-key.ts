import { createHmac, randomBytes } from 'node:crypto';

/**
 * Rate limits need to tell clients apart without remembering who they are (DESIGN.md §5): the
 * address is replaced by an HMAC under a key that lives only in memory and is replaced every
 * UTC day, so yesterday's counters cannot be linked to today's, and nothing is ever persisted.
 */
let day = '';
let key = randomBytes(32);

export function addressKey(address: string | undefined, now = new Date()): string {
  const today = now.toISOString().slice(0, 10);
  if (today !== day) {
    day = today;
    key = randomBytes(32);
  }
  // IPv6 clients usually own a whole /64: count it as one client.
  const normalised = (address ?? 'unknown').includes(':') ? (address ?? '').split(':').slice(0, 4).join(':') : (address ?? 'unknown');
  return createHmac('sha256', key).update(normalised).digest('base64url').slice(0, 22);
}
