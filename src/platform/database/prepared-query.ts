import type { EntityManager } from 'typeorm';
import type { PoolClient } from 'pg';

/**
 * Runs a hot query as a named prepared statement on the transaction's own connection, so
 * PostgreSQL parses and plans it once per connection instead of on every call (TypeORM's
 * `query()` always sends unnamed statements). Outside a transaction it falls back to `query()`.
 * `name` must be unique per SQL text.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner as unknown as { connect?: () => Promise<PoolClient>; isTransactionActive?: boolean } | undefined;
  if (!runner?.connect || !runner.isTransactionActive) return manager.query(text, values);
  const client = await runner.connect();
  const result = await client.query({ name, text, values });
  return result.rows as T[];
}
