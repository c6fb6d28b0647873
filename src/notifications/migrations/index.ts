import type { MigrationInterface } from 'typeorm';
import { MailQueue1764300011000 } from './1764300011000-mail-queue';
import { NotificationPreferences1764300020400 } from './1764300020400-notification-preferences';

/** The notifications module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const NOTIFICATIONS_MIGRATIONS: (new () => MigrationInterface)[] = [MailQueue1764300011000, NotificationPreferences1764300020400];
