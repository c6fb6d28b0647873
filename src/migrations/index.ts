import type { MigrationInterface } from 'typeorm';
import { ALERTS_MIGRATIONS } from '../alerts/migrations';
import { AUDIT_MIGRATIONS } from '../audit/migrations';
import { BRANDING_MIGRATIONS } from '../branding/migrations';
import { CASES_MIGRATIONS } from '../cases/migrations';
import { CATALOG_MIGRATIONS } from '../catalog/migrations';
import { INSIGHTS_MIGRATIONS } from '../insights/migrations';
import { INTAKE_MIGRATIONS } from '../intake/migrations';
import { NOTIFICATIONS_MIGRATIONS } from '../notifications/migrations';
import { PLATFORM_MIGRATIONS } from '../platform/database/migrations';
import { RETENTION_MIGRATIONS } from '../retention/migrations';
import { STAFF_MIGRATIONS } from '../staff/migrations';
import { ReporterChannel1764300000000 } from './1764300000000-reporter-channel';

export type MigrationClass = new () => MigrationInterface;

/** The 13-digit timestamp a migration's class name ends with (TypeORM orders by it too). */
export function migrationTimestamp(migration: MigrationClass): number {
  const m = /(\d{13})$/.exec(migration.name);
  if (!m) throw new Error(`Migration ${migration.name} does not end with a 13-digit timestamp`);
  return Number(m[1]);
}

/**
 * Every migration, in timestamp order. Each module registers its own in its
 * `migrations/index.ts`; this composition root combines them, so the platform (which runs them)
 * depends on no feature module. Listed explicitly (no glob) so the compiled app, the CLI and
 * the tests all run exactly the same set.
 */
export const MIGRATIONS: MigrationClass[] = [
  ReporterChannel1764300000000,
  ...PLATFORM_MIGRATIONS,
  ...STAFF_MIGRATIONS,
  ...CATALOG_MIGRATIONS,
  ...CASES_MIGRATIONS,
  ...INTAKE_MIGRATIONS,
  ...NOTIFICATIONS_MIGRATIONS,
  ...AUDIT_MIGRATIONS,
  ...INSIGHTS_MIGRATIONS,
  ...RETENTION_MIGRATIONS,
  ...BRANDING_MIGRATIONS,
  ...ALERTS_MIGRATIONS,
].sort((a, b) => migrationTimestamp(a) - migrationTimestamp(b));
