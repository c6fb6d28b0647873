import { createHmac } from 'node:crypto';

const DAY_MS = 86_400_000;

/** The client behind an address: IPv6 clients usually own a whole /64, so it counts as one. */
export function clientOf(address: string | undefined): string {
  const a = address ?? 'unknown';
  return a.includes(':') && !a.startsWith('::ffff:') ? a.split(':').slice(0, 4).join(':') : a;
}

/**
 * Counters must tell clients (and, for sign-in, typed addresses) apart without remembering who
 * they are (DESIGN.md §5): each is replaced by an HMAC under a key that changes every UTC day,
 * so one day's counters cannot be linked to the next day's.
 *
 * The day's key is derived from the deployment's token secret and the date, never stored: every
 * instance of a cluster derives the same key, so counters kept in PostgreSQL are shared, and a
 * restart does not reset them. Whoever holds the token secret could recompute a day's key and
 * test guessed addresses against that day's counter keys; counter rows live only until their
 * window ends (minutes), and the token secret already signs every staff session
 * (docs/decisions.md, "Shared rate-limit counters").
 */
export class ClientKeys {
  private day = -1;
  private dayKey = Buffer.alloc(0);

  constructor(private readonly secret: Buffer) {}

  /** The client, from its network address. */
  address(address: string | undefined, now: Date): string {
    return this.key('address', clientOf(address), now);
  }

  /** A typed sign-in address, known to the system or not (the key does not tell). */
  account(email: string, now: Date): string {
    return this.key('account', email.trim().toLowerCase(), now);
  }

  private key(kind: string, value: string, now: Date): string {
    const today = Math.floor(now.getTime() / DAY_MS);
    if (today !== this.day) {
      this.day = today;
      this.dayKey = createHmac('sha256', this.secret)
        .update(`wbs-rate-limit-key:${new Date(today * DAY_MS).toISOString().slice(0, 10)}`)
        .digest();
    }
    return createHmac('sha256', this.dayKey).update(`${kind}:${value}`).digest('base64url').slice(0, 22);
  }
}
