import { sqlMigration } from '../sql-migration';

/**
 * Rate-limit counters shared by every app instance (RATE_LIMIT_STORE=postgres). UNLOGGED: they
 * are short-lived and worth no WAL; after a crash the table is empty, which forgives a few
 * attempts and nothing more. The key is a keyed hash of the client (never its address) plus the
 * window (docs/decisions.md, "Shared rate-limit counters").
 */
export const RateLimitCounters1764300016500 = sqlMigration('RateLimitCounters1764300016500', {
  up: [
    `
      CREATE UNLOGGED TABLE rate_limit_counters (
        key text PRIMARY KEY CHECK (length(key) <= 200),
        count integer NOT NULL CHECK (count > 0),
        expires_at timestamptz NOT NULL
      )`,
    `CREATE INDEX rate_limit_counters_expiry_idx ON rate_limit_counters (expires_at)`,
  ],
  down: [`DROP TABLE rate_limit_counters`],
});
