import type { MigrationInterface } from 'typeorm';
import { Outbox1764300001000 } from '../../events/migrations/1764300001000-outbox';
import { OutboxNotifyAfterCommit1764300008000 } from '../../events/migrations/1764300008000-outbox-notify-after-commit';
import { RateLimitCounters1764300016500 } from './1764300016500-rate-limit-counters';

/** The platform's own tables (outbox, event deliveries, rate-limit counters). src/migrations combines every module's list in timestamp order; append new ones here. */
export const PLATFORM_MIGRATIONS: (new () => MigrationInterface)[] = [Outbox1764300001000, OutboxNotifyAfterCommit1764300008000, RateLimitCounters1764300016500];
