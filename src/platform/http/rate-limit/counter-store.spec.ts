import { MemoryCounterStore, windowOf } from './counter-store';

describe(MemoryCounterStore.name, () => {
  const MINUTE = 60_000;
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 7, 10, 0, 0) + ms);
  let store: MemoryCounterStore;
  beforeEach(() => (store = new MemoryCounterStore()));
  afterEach(() => store.close());

  it('counts hits per key in fixed windows aligned to the clock, and says when each ends', async () => {
    expect(await store.hit('a', MINUTE, at(1_000))).toEqual({ count: 1, resetAt: at(MINUTE).getTime() });
    expect(await store.hit('a', MINUTE, at(59_000))).toEqual({ count: 2, resetAt: at(MINUTE).getTime() });
    expect(await store.hit('b', MINUTE, at(59_000))).toMatchObject({ count: 1 });
    expect(await store.hit('a', MINUTE, at(MINUTE))).toEqual({ count: 1, resetAt: at(2 * MINUTE).getTime() });
  });

  it('peeks without counting, and forgets a window on reset', async () => {
    await store.hit('a', MINUTE, at(0));
    await store.hit('a', MINUTE, at(0));
    expect((await store.peek('a', MINUTE, at(10))).count).toBe(2);
    expect((await store.peek('a', MINUTE, at(10))).count).toBe(2);
    await store.reset('a', MINUTE, at(10));
    expect((await store.peek('a', MINUTE, at(10))).count).toBe(0);
  });

  it('keeps windows of different lengths for one key apart', async () => {
    await store.hit('a', MINUTE, at(0));
    expect((await store.peek('a', 15 * MINUTE, at(0))).count).toBe(0);
  });

  it('puts an instant in the same window on every instance', () => {
    expect(windowOf(MINUTE, at(30_000))).toEqual(windowOf(MINUTE, new Date(at(30_000).getTime())));
    expect(windowOf(MINUTE, at(30_000)).resetAt).toBe(at(MINUTE).getTime());
  });
});
