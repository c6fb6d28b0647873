import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import { PG_TYPES } from './timestamptz';

/**
 * A new pooled connection has no 'error' listener between the pool handing it out and TypeORM
 * attaching its own (a promise step later). A server that ends the connection right then (the
 * embedded PostgreSQL stopping on the same Ctrl-C, a failover) made pg emit an unhandled
 * 'error' and crash the process. This listener only closes that gap: the pool's and TypeORM's
 * own handlers still see every error, and a connection that failed is never used again.
 */
function keepErrorsHandled(client: { on(event: 'error', listener: () => void): unknown }): void {
  client.on('error', () => undefined);
}

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'all',
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    // A full pool answers with an error after 10 s instead of hanging every request forever.
    // PG_TYPES: pg's type parsers with a faster one for timestamptz (timestamptz.ts).
    extra: { max: poolSize, application_name: 'wbs', connectionTimeoutMillis: 10_000, onConnect: keepErrorsHandled, types: PG_TYPES },
  };
}

/**
 * For running migrations: the session's TimeZone is the inspectorate's (TZ_NAME), so a
 * migration that computes local dates (working-day deadlines) reads it with
 * `current_setting('TimeZone')` instead of depending on the server's default. The list comes
 * from the composition root (src/migrations), so the platform imports no feature module.
 */
export function migrationDataSourceOptions(url: string, timeZone: string, migrations: (new () => MigrationInterface)[]): DataSourceOptions {
  const base = dataSourceOptions(url, 2);
  return { ...base, migrations, extra: { ...base.extra, options: `-c TimeZone=${timeZone}` } } as DataSourceOptions;
}
