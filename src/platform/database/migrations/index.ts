import { ReporterChannel1764300000000 } from './1764300000000-reporter-channel';
import { Outbox1764300001000 } from '../../events/migrations/1764300001000-outbox';

/**
 * Every migration, in order. Listed explicitly (no glob) so the compiled app, the CLI and the
 * tests all run exactly the same set.
 */
export const MIGRATIONS = [ReporterChannel1764300000000, Outbox1764300001000];
