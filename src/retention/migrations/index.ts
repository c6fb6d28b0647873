import type { MigrationInterface } from 'typeorm';
import { Retention1764300014000 } from './1764300014000-retention';
import { RetentionPeriods1764300021000 } from './1764300021000-retention-periods';

/** The retention module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const RETENTION_MIGRATIONS: (new () => MigrationInterface)[] = [Retention1764300014000, RetentionPeriods1764300021000];
