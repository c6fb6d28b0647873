import type { DataSource } from 'typeorm';

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

/**
 * Counters every instance shares, in an UNLOGGED table (no WAL, not replicated, emptied after a
 * crash: a lost count only forgives a few attempts). One upsert per counted request; rows are
 * keyed by the keyed hash and the window, and deleted once their window has ended.
 */
export class PostgresCounterStore extends CounterStore {
  private readonly sweeper = setInterval(() => void this.sweep(), 60_000).unref();

  constructor(private readonly db: DataSource) {
    super();
  }

  async hit(key: string, windowMs: number, now: Date): Promise<WindowCount> {
    const { index, resetAt } = windowOf(windowMs, now);
    const rows: { count: number }[] = await this.db.query(
      `INSERT INTO rate_limit_counters (key, count, expires_at) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET count = rate_limit_counters.count + 1
       RETURNING count`,
      [`${key}@${windowMs}:${index}`, new Date(resetAt)],
    );
    return { count: rows[0].count, resetAt };
  }

  async peek(key: string, windowMs: number, now: Date): Promise<WindowCount> {
    const { index, resetAt } = windowOf(windowMs, now);
    const rows: { count: number }[] = await this.db.query(`SELECT count FROM rate_limit_counters WHERE key = $1`, [`${key}@${windowMs}:${index}`]);
    return { count: rows[0]?.count ?? 0, resetAt };
  }

  async reset(key: string, windowMs: number, now: Date): Promise<void> {
    await this.db.query(`DELETE FROM rate_limit_counters WHERE key = $1`, [`${key}@${windowMs}:${windowOf(windowMs, now).index}`]);
  }

  /** Every instance sweeps; a row deleted twice costs nothing. The database's clock decides. */
  private async sweep(): Promise<void> {
    if (!this.db.isInitialized) return;
    await this.db.query(`DELETE FROM rate_limit_counters WHERE expires_at < now() - interval '1 minute'`).catch(() => undefined);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
