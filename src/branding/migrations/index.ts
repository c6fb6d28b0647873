import type { MigrationInterface } from 'typeorm';
import { Branding1764300019200 } from './1764300019200-branding';

/** The branding module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const BRANDING_MIGRATIONS: (new () => MigrationInterface)[] = [Branding1764300019200];
