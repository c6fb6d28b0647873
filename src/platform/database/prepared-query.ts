import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Pool, PoolClient } from 'pg';

/**
 * Runs a hot query as a named prepared statement, so PostgreSQL parses and plans it once per
 * connection instead of on every call (TypeORM's `query()` always sends unnamed statements). In
 * a transaction it runs on the transaction's own connection; outside one, on a connection of
 * TypeORM's pool. bench/inbox: planning the inbox's page unnamed cost PostgreSQL more CPU than
 * running it (pgbench on the seeded million cases: 1,387 pages/s unnamed, 3,169 prepared).
 * `name` must be unique per SQL text.
 */
export async function preparedQuery<T>(db: EntityManager | DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const manager = db instanceof DataSource ? db.manager : db;
  const runner = manager.queryRunner as unknown as { connect: () => Promise<PoolClient>; isTransactionActive: boolean } | undefined;
  if (runner) {
    // A runner outside a transaction (rare) keeps TypeORM's path: its connection may be released between calls.
    if (!runner.isTransactionActive) return manager.query(text, values);
    const client = await runner.connect();
    return (await client.query({ name, text, values })).rows as T[];
  }
  const pool = manager.connection.driver as unknown as { master: Pool };
  return (await pool.master.query({ name, text, values })).rows as T[];
}

/** Distinct SQL texts a process prepares through preparedShape; PostgreSQL keeps ~200 KB per statement and connection. */
const MAX_SHAPES = 32;
/** Text → statement name, for the texts prepared so far. */
const shapes = new Map<string, string>();

/**
 * preparedQuery for SQL assembled from optional parts (a list's filters): each distinct text is
 * its own statement, named by its hash. The first MAX_SHAPES texts of the process are prepared,
 * any further one runs unnamed, so no combination of filters grows the database's memory.
 */
export function preparedShape<T>(db: EntityManager | DataSource, prefix: string, text: string, values: unknown[]): Promise<T[]> {
  let name = shapes.get(text);
  if (name === undefined) {
    if (shapes.size >= MAX_SHAPES) return db.query(text, values);
    shapes.set(text, (name = `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`));
  }
  return preparedQuery<T>(db, name, text, values);
}
