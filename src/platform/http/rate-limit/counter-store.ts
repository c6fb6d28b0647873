export interface WindowCount {
  /** Hits counted so far in the window. */
  count: number;
  /** When the window ends (epoch ms): Retry-After counts down to it. */
  resetAt: number;
}

/**
 * Fixed windows aligned to the epoch (not to a client's first hit), so every instance puts a hit
 * in the same window without agreeing on anything but the clock.
 */
export function windowOf(windowMs: number, now: Date): { index: number; resetAt: number } {
  const index = Math.floor(now.getTime() / windowMs);
  return { index, resetAt: (index + 1) * windowMs };
}

/** Counts hits per key in fixed windows: in this process, or shared by every instance. */
export abstract class CounterStore {
  /** Adds one hit to `key`'s current window and returns the window's count, this hit included. */
  abstract hit(key: string, windowMs: number, now: Date): Promise<WindowCount>;
  /** The current window's count, without adding. */
  abstract peek(key: string, windowMs: number, now: Date): Promise<WindowCount>;
  /** Forgets the current window's count. */
  abstract reset(key: string, windowMs: number, now: Date): Promise<void>;
  abstract close(): void;
}

/**
 * One process's counters. O(1) per request and one small record per active key; finished
 * windows are swept every minute so memory follows the clients active now.
 */
export class MemoryCounterStore extends CounterStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  constructor(private readonly wallClock: () => number = Date.now) {
    super();
  }

  async hit(key: string, windowMs: number, now: Date): Promise<WindowCount> {
    const w = this.current(key, windowMs, now);
    w.count++;
    return { ...w };
  }

  async peek(key: string, windowMs: number, now: Date): Promise<WindowCount> {
    return { ...this.current(key, windowMs, now) };
  }

  async reset(key: string, windowMs: number, now: Date): Promise<void> {
    this.windows.delete(`${key}@${windowMs}:${windowOf(windowMs, now).index}`);
  }

  private current(key: string, windowMs: number, now: Date) {
    const { index, resetAt } = windowOf(windowMs, now);
    const k = `${key}@${windowMs}:${index}`;
    let w = this.windows.get(k);
    if (!w) {
      w = { count: 0, resetAt };
      this.windows.set(k, w);
    }
    return w;
  }

  private sweep(): void {
    // The wall clock, not the injected one: a test's fixed clock must not keep windows forever,
    // nor sweep them early; a window is dropped a full minute after it ended.
    const cutoff = this.wallClock() - 60_000;
    for (const [k, w] of this.windows) if (w.resetAt <= cutoff) this.windows.delete(k);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
