import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Clock } from '../platform/clock/clock';
import type { DeploymentSecrets } from '../platform/crypto';
import { clientOf } from '../platform/http/rate-limit/client-keys';
import { DEPLOYMENT_SECRETS } from '../platform/platform.tokens';

const WINDOW_MS = 60 * 60_000;

/**
 * The CSRF token of the receipt form (POST /track), without a cookie: public pages set none
 * before the reporter opens their case (DESIGN.md §5). Stateless: `<window>.<nonce>.<mac>`,
 * the MAC an HMAC under a key derived from the token secret over the hour window, a random nonce
 * and the client's address, so it is valid for one to two hours, from the address that fetched
 * the form (docs/decisions.md, "The receipt form's token").
 *
 * What it stops: a hostile page that makes a visitor's browser post the attacker's receipt
 * (login CSRF: the visitor would then read, and write into, the attacker's case). The page
 * cannot read a token from our origin, and a token its own server fetched is bound to that
 * server's address, not the visitor's. Browsers that send `Sec-Fetch-Site` are refused a
 * cross-site post before the token is even looked at.
 */
@Injectable()
export class TrackFormTokens {
  private readonly key: Buffer;

  constructor(
    @Inject(DEPLOYMENT_SECRETS) secrets: DeploymentSecrets,
    private readonly clock: Clock,
  ) {
    this.key = createHmac('sha256', secrets.tokenSecret).update('wbs-track-form-token').digest();
  }

  issue(address: string | undefined): string {
    const window = Math.floor(this.clock.now().getTime() / WINDOW_MS);
    const nonce = randomBytes(12).toString('base64url');
    return `${window}.${nonce}.${this.mac(window, nonce, address)}`;
  }

  /** Whether the token was issued to this address in this or the previous hour window. */
  isValid(token: unknown, address: string | undefined): boolean {
    if (typeof token !== 'string' || token.length > 100) return false;
    const parts = token.split('.');
    if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[0]) || !/^[A-Za-z0-9_-]{16}$/.test(parts[1])) return false;
    const window = Number(parts[0]);
    const current = Math.floor(this.clock.now().getTime() / WINDOW_MS);
    if (window !== current && window !== current - 1) return false;
    const expected = Buffer.from(this.mac(window, parts[1], address));
    const given = Buffer.from(parts[2]);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(window: number, nonce: string, address: string | undefined): string {
    return createHmac('sha256', this.key)
      .update(`${window}.${nonce}.${clientOf(address)}`)
      .digest('base64url');
  }
}
