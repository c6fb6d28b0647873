import type { DataSource } from 'typeorm';
import { CounterStore, WindowCount, windowOf } from './counter-store';

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
