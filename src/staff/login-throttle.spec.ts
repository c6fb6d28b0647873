import { FixedClock } from '../platform/clock/clock';
import { ClientKeys } from '../platform/http/rate-limit/client-keys';
import { MemoryCounterStore } from '../platform/http/rate-limit/counter-store';
import { FAILURE_WINDOW_MS, LoginThrottle, MAX_FAILURES_PER_ACCOUNT_AND_CLIENT, MAX_FAILURES_PER_CLIENT } from './login-throttle';
import { SignInSlowedDown } from './staff.errors';

describe(LoginThrottle.name, () => {
  const start = new Date(Date.UTC(2026, 11, 7, 10, 0, 0));
  let clock: FixedClock;
  let store: MemoryCounterStore;
  let throttle: LoginThrottle;
  beforeEach(() => {
    clock = new FixedClock(start);
    store = new MemoryCounterStore();
    throttle = new LoginThrottle(store, new ClientKeys(Buffer.alloc(32, 5)), clock);
  });
  afterEach(() => store.close());

  async function failTimes(n: number, email: string, client: string) {
    for (let i = 0; i < n; i++) await throttle.recordFailure(email, client);
  }

  it('slows a typed address down for one client only, with the seconds left in the window', async () => {
    await failTimes(MAX_FAILURES_PER_ACCOUNT_AND_CLIENT - 1, 'a@x.id', '203.0.113.1');
    await expect(throttle.assertMayTry('a@x.id', '203.0.113.1')).resolves.toBeUndefined();
    await throttle.recordFailure('A@X.id ', '203.0.113.1');
    const refused = await throttle.assertMayTry('a@x.id', '203.0.113.1').catch((e) => e);
    expect(refused).toBeInstanceOf(SignInSlowedDown);
    expect(refused.retryAfterSeconds).toBe(FAILURE_WINDOW_MS / 1000);
    expect(refused.params).toEqual({ minutes: 15 });
    await expect(throttle.assertMayTry('a@x.id', '198.51.100.9')).resolves.toBeUndefined();
    clock.advance(FAILURE_WINDOW_MS);
    await expect(throttle.assertMayTry('a@x.id', '203.0.113.1')).resolves.toBeUndefined();
  });

  it('slows a client spraying many addresses', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) await throttle.recordFailure(`u${i}@x.id`, '203.0.113.2');
    await expect(throttle.assertMayTry('fresh@x.id', '203.0.113.2')).rejects.toBeInstanceOf(SignInSlowedDown);
  });

  it('clears the pair after a success, but not the client', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT - 1; i++) await throttle.recordFailure(`u${i}@x.id`, '203.0.113.3');
    await failTimes(1, 'a@x.id', '203.0.113.3');
    await throttle.recordSuccess('a@x.id', '203.0.113.3');
    expect(await throttle.failures('a@x.id', '203.0.113.3')).toBe(0);
    await expect(throttle.assertMayTry('a@x.id', '203.0.113.3')).rejects.toBeInstanceOf(SignInSlowedDown);
  });
});
