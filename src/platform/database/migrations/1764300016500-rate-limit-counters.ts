import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters shared by every app instance (RATE_LIMIT_STORE=postgres). UNLOGGED: they
 * are short-lived and worth no WAL; after a crash the table is empty, which forgives a few
 * attempts and nothing more. The key is a keyed hash of the client (never its address) plus the
 * window (docs/decisions.md, "Shared rate-limit counters").
 */
export class RateLimitCounters1764300016500 implements MigrationInterface {
  name = 'RateLimitCounters1764300016500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_counters (
        key text PRIMARY KEY CHECK (length(key) <= 200),
        count integer NOT NULL CHECK (count > 0),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rate_limit_counters_expiry_idx ON rate_limit_counters (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_counters`);
  }
}
