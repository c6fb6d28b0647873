import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * What the statistics count "now" (open cases per assignee, ongoing SLA breaches), kept by
 * insights (issue 15): reading them live joined tens of thousands of open cases to their
 * assignments and breaches on every dashboard view (about a second with a million cases).
 *
 * - `insights_case_now`: per case, its rows of the cases' view case_stats_now (measure, category,
 *   key), replaced whole when one of the case's events arrives; what the counters are moved by.
 * - `insights_now`: the counters the dashboard reads, per measure, category and key.
 * Rebuilt with the other counts (insights:rebuild, COUNTS_VERSION 2).
 */
export const InsightsNow1764300020320 = sqlMigration('InsightsNow1764300020320', {
  up: [
    `
      CREATE TABLE insights_case_now (
        case_id uuid NOT NULL,
        measure text NOT NULL CHECK (measure IN ('assignee', 'breach')),
        category text NOT NULL,
        key text NOT NULL
      )`,
    `CREATE INDEX insights_case_now_case_idx ON insights_case_now (case_id)`,
    `
      CREATE TABLE insights_now (
        measure text NOT NULL CHECK (measure IN ('assignee', 'breach')),
        category text NOT NULL,
        key text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (measure, category, key)
      )`,
  ],
  down: [`DROP TABLE insights_now`, `DROP TABLE insights_case_now`],
});
