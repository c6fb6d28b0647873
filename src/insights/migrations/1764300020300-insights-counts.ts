import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The statistics' own tables (issue 15), fed by the cases' events and rebuilt from the cases'
 * views (insights/counts). The dashboard reads these instead of aggregating a million cases.
 *
 * - `insights_counts`: counts per period bucket (`grain` 'd': a local day, 'm': the local month
 *   starting on `bucket`; every event adds to both), category, measure and key. Category '*'
 *   holds the hour histograms over all categories, so the unfiltered medians read one row per
 *   hour instead of one per hour and category.
 *   The key leads with the measure and carries n, so each measure of a period is an index-only
 *   range scan that never passes over another measure's rows.
 * - `insights_open`: cases open now, per category and status.
 * - `insights_counted_cases` / `insights_counted_moves`: what has been counted, so a delivered
 *   again event, or one already in a rebuild, is not counted twice.
 * - `insights_state`: which version of the counting rules built the counts; another version
 *   (or none) makes the application rebuild them when it starts.
 */
export const InsightsCounts1764300020300 = sqlMigration('InsightsCounts1764300020300', {
  up: [
    `
      CREATE TABLE insights_counts (
        grain char(1) NOT NULL CHECK (grain IN ('d', 'm')),
        bucket date NOT NULL,
        measure text NOT NULL CHECK (measure IN ('channel', 'opd', 'decision', 'verification_hours', 'closing_hours')),
        category text NOT NULL,
        key text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (measure, grain, bucket, category, key) INCLUDE (n),
        CHECK (grain = 'd' OR extract(day FROM bucket) = 1)
      )`,
    `
      CREATE TABLE insights_open (
        category text NOT NULL,
        status text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (category, status)
      )`,
    `CREATE TABLE insights_counted_cases (case_id uuid PRIMARY KEY)`,
    `CREATE TABLE insights_counted_moves (move_id bigint PRIMARY KEY)`,
    `
      CREATE TABLE insights_state (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        version integer NOT NULL,
        time_zone text NOT NULL,
        rebuilt_at timestamptz NOT NULL
      )`,
  ],
  down: [`DROP TABLE insights_state`, `DROP TABLE insights_counted_moves`, `DROP TABLE insights_counted_cases`, `DROP TABLE insights_open`, `DROP TABLE insights_counts`],
});
