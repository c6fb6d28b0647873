import { ReporterChannel1764300000000 } from './1764300000000-reporter-channel';

/**
 * Every migration, in order. Listed explicitly (no glob) so the compiled app, the CLI and the
 * tests all run exactly the same set.
 */
export const MIGRATIONS = [ReporterChannel1764300000000];
