import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The intake module's read view of reporters' ratings, for the statistics (issue 13): which case,
 * the rating (1–5, clear metadata) and when it was given. The sealed comment stays out of it.
 * A plain view over reporter_feedback, so a period's ratings still come from its (given_at)
 * index without visiting the rows.
 */
export const ReporterRatingsView1764300021200 = sqlMigration('ReporterRatingsView1764300021200', {
  up: [`CREATE VIEW reporter_ratings AS SELECT f.case_id, f.rating, f.given_at FROM reporter_feedback f`],
  down: [`DROP VIEW reporter_ratings`],
});
