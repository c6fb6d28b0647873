import type { MigrationInterface } from 'typeorm';
import { MailQueue1764300011000 } from './1764300011000-mail-queue';

/** The notifications module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const NOTIFICATIONS_MIGRATIONS: (new () => MigrationInterface)[] = [MailQueue1764300011000];
