import type { MigrationInterface } from 'typeorm';
import { Alerts1764300019400 } from './1764300019400-alerts';

/** The alerts module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const ALERTS_MIGRATIONS: (new () => MigrationInterface)[] = [Alerts1764300019400];
