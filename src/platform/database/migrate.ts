import { DataSource, MigrationInterface } from 'typeorm';
import { DEFAULT_TZ_NAME } from '../config/app-config';
import { migrationDataSourceOptions } from './data-source-options';

/**
 * Runs pending migrations under a cluster-wide advisory lock, so several instances starting at
 * once do not race; the others wait, then find nothing left to do.
 */
export async function runMigrations(url: string, migrations: (new () => MigrationInterface)[], timeZone: string = DEFAULT_TZ_NAME): Promise<string[]> {
  const ds = new DataSource(migrationDataSourceOptions(url, timeZone, migrations));
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('wbs:migrations'))`);
    const done = await ds.runMigrations({ transaction: 'all' });
    return done.map((m) => m.name);
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(hashtext('wbs:migrations'))`).catch(() => undefined);
    await lock.release();
    await ds.destroy();
  }
}
