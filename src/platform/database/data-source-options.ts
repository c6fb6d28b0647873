import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'all',
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    // A full pool answers with an error after 10 s instead of hanging every request forever.
    extra: { max: poolSize, application_name: 'wbs', connectionTimeoutMillis: 10_000 },
  };
}

/**
 * For running migrations: the session's TimeZone is the inspectorate's (TZ_NAME), so a
 * migration that computes local dates (working-day deadlines) reads it with
 * `current_setting('TimeZone')` instead of depending on the server's default.
 */
export function migrationDataSourceOptions(url: string, timeZone: string): DataSourceOptions {
  const base = dataSourceOptions(url, 2);
  return { ...base, extra: { ...base.extra, options: `-c TimeZone=${timeZone}` } } as DataSourceOptions;
}
