import type { MigrationInterface } from 'typeorm';
import { StaffTotp1764300003000 } from './1764300003000-staff-totp';
import { StaffRoleGrants1764300015100 } from './1764300015100-staff-role-grants';
import { StaffNames1764300021300 } from './1764300021300-staff-names';

/** The staff module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const STAFF_MIGRATIONS: (new () => MigrationInterface)[] = [StaffTotp1764300003000, StaffRoleGrants1764300015100, StaffNames1764300021300];
