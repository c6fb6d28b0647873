import { HOTP, Secret, TOTP } from 'otpauth';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * TOTP (RFC 6238) as every common authenticator app reads it from a QR code: HMAC-SHA1, six
 * digits, 30-second steps. Other parameters are allowed by the RFC, but several apps ignore them
 * silently and then show codes that never match.
 */
export const TOTP_ISSUER = 'WBS Inspektorat';
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const ALGORITHM = 'SHA1';
/** 160 bits, the length RFC 4226 §4 recommends for HMAC-SHA1. */
export const TOTP_SECRET_BYTES = 20;
/** One step either side: a phone clock a little off, or a code typed just as it changed. */
const WINDOW_STEPS = 1;

export function newTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

/** The 30-second step a moment falls in (the RFC's counter T). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** Base32 without padding, as typed into an app by hand. */
export function totpSecretBase32(secret: Buffer): string {
  return toSecret(secret).base32;
}

/** The `otpauth://totp/...` URI an authenticator app reads from the QR code. */
export function otpauthUri(secret: Buffer, email: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: email,
    secret: toSecret(secret),
    algorithm: ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** The code for one step; the server itself needs it only to compare. */
export function totpCodeAt(secret: Buffer, step: number): string {
  return HOTP.generate({ secret: toSecret(secret), algorithm: ALGORITHM, digits: TOTP_DIGITS, counter: step });
}

/** Six digits, as typed: spaces (some apps show `123 456`) are dropped; anything else is no code. */
export function normaliseTotpCode(input: string): string | null {
  const compact = input.replace(/\s/g, '');
  return /^[0-9]{6}$/.test(compact) ? compact : null;
}

/**
 * The step a code belongs to, within one step of `at` and strictly after `lastStep`, or null.
 * Refusing the step last accepted, and any before it, makes a code single-use: a code read over
 * a shoulder or from a proxy log cannot be replayed, even within its 30 seconds.
 */
export function matchTotpCode(secret: Buffer, code: string, at: Date, lastStep: number | null): number | null {
  const given = normaliseTotpCode(code);
  if (!given) return null;
  const now = totpStep(at);
  let matched: number | null = null;
  // Every candidate is computed and compared, so timing does not tell which step matched.
  for (let step = now - WINDOW_STEPS; step <= now + WINDOW_STEPS; step++) {
    const equal = timingSafeEqual(Buffer.from(totpCodeAt(secret, step)), Buffer.from(given));
    if (equal && (lastStep === null || step > lastStep) && matched === null) matched = step;
  }
  return matched;
}

/**
 * otpauth takes an ArrayBuffer. A Buffer's `.buffer` may be Node's shared pool holding other
 * data, so the secret is copied into an ArrayBuffer of its own.
 */
function toSecret(secret: Buffer): Secret {
  return new Secret({ buffer: new Uint8Array(secret).buffer });
}
