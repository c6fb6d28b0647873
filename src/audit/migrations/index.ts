import type { MigrationInterface } from 'typeorm';
import { AuditLog1764300012000 } from './1764300012000-audit-log';
import { AuditChainInDatabase1764300021400 } from './1764300021400-audit-chain-in-database';

/** The audit module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const AUDIT_MIGRATIONS: (new () => MigrationInterface)[] = [AuditLog1764300012000, AuditChainInDatabase1764300021400];
