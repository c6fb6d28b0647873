import { Injectable } from '@nestjs/common';
import { Clock } from '../platform/clock/clock';
import { ClientKeys } from '../platform/http/rate-limit/client-keys';
import { CounterStore } from '../platform/http/rate-limit/counter-store';
import { SignInSlowedDown } from './staff.errors';

export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Failed sign-ins for one typed address from one client, per window, before it must wait. */
export const MAX_FAILURES_PER_ACCOUNT_AND_CLIENT = 5;
/** Failed sign-ins from one client, whatever addresses it types, per window. */
export const MAX_FAILURES_PER_CLIENT = 20;

/**
 * Slows password guessing without letting a stranger lock a member out, and without telling
 * known addresses from unknown ones (docs/decisions.md, "Sign-in throttling"):
 * - failures are counted per (typed address, client) and per client, keyed by daily-rotating
 *   keyed hashes, in the shared counter store; the typed address is counted the same way
 *   whether an account has it or not;
 * - past a limit, that pair or client gets 429 with Retry-After until its 15-minute window ends;
 *   attempts refused this way are not counted, so waiting always helps;
 * - nothing is counted per account across all clients: that count is what a stranger could use
 *   to keep a member out. Guessing spread over many clients meets the password rules (12+
 *   characters, not in the breached list) and, by default, the second factor.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly counters: CounterStore,
    private readonly keys: ClientKeys,
    private readonly clock: Clock,
  ) {}

  async assertMayTry(email: string, client: string | undefined): Promise<void> {
    const now = this.clock.now();
    const { pair, perClient } = this.counterKeys(email, client, now);
    const [p, c] = await Promise.all([this.counters.peek(pair, FAILURE_WINDOW_MS, now), this.counters.peek(perClient, FAILURE_WINDOW_MS, now)]);
    if (p.count >= MAX_FAILURES_PER_ACCOUNT_AND_CLIENT || c.count >= MAX_FAILURES_PER_CLIENT) {
      throw new SignInSlowedDown(Math.max(1, Math.ceil((p.resetAt - now.getTime()) / 1000)));
    }
  }

  async recordFailure(email: string, client: string | undefined): Promise<void> {
    const now = this.clock.now();
    const { pair, perClient } = this.counterKeys(email, client, now);
    await Promise.all([this.counters.hit(pair, FAILURE_WINDOW_MS, now), this.counters.hit(perClient, FAILURE_WINDOW_MS, now)]);
  }

  /**
   * A sign-in that succeeded clears the pair's failures: that client knew the password (and the
   * code). The client's own count stays, or one known account would reset a sprayer's count.
   */
  async recordSuccess(email: string, client: string | undefined): Promise<void> {
    const now = this.clock.now();
    await this.counters.reset(this.counterKeys(email, client, now).pair, FAILURE_WINDOW_MS, now);
  }

  /** Failures counted now against this typed address from this client. */
  async failures(email: string, client: string | undefined): Promise<number> {
    const now = this.clock.now();
    return (await this.counters.peek(this.counterKeys(email, client, now).pair, FAILURE_WINDOW_MS, now)).count;
  }

  private counterKeys(email: string, client: string | undefined, now: Date) {
    const c = this.keys.address(client, now);
    return { pair: `login-fail:${this.keys.account(email, now)}:${c}`, perClient: `login-fail:${c}` };
  }
}
