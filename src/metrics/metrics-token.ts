import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries the metrics token as a Bearer token. Both sides are
 * hashed first, so the comparison takes the same time whatever the length of the guess.
 */
export function bearerTokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  return timingSafeEqual(sha256(given), sha256(token));
}

/** The header a 401 carries, so a client knows what to send. */
export const METRICS_CHALLENGE = 'Bearer realm="wbs-metrics"';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
