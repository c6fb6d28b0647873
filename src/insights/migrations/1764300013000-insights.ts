import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * What the statistics read (src/insights), so a dashboard over a million cases reads indexes,
 * not the tables (whose rows carry the encrypted report):
 *
 * - `cases_submitted_idx` (the inbox's keyset index, submitted_at DESC, id DESC) now also carries
 *   category, OPD and channel: reports in a period by month, category, OPD and channel come from
 *   an index-only scan, and the stage statistics join a case to its category and submission time
 *   without visiting the table. One index serving both keeps intake at one index write, not two.
 * - `case_status_history_stats_idx`: the decisions of a period (moves to investigating or
 *   closed), without reading the other history rows or the encrypted reasons.
 *
 * The history index is one more write per decision; both are small (no content).
 */
export const Insights1764300013000 = sqlMigration('Insights1764300013000', {
  up: [
    `DROP INDEX cases_submitted_idx`,
    `CREATE INDEX cases_submitted_idx ON cases (submitted_at DESC, id DESC) INCLUDE (category_code, opd_code, channel)`,
    `
      CREATE INDEX case_status_history_stats_idx ON case_status_history (at)
        INCLUDE (case_id, from_status, to_status, outcome)
        WHERE to_status IN ('investigating', 'closed')`,
  ],
  down: [`DROP INDEX case_status_history_stats_idx`, `DROP INDEX cases_submitted_idx`, `CREATE INDEX cases_submitted_idx ON cases (submitted_at DESC, id DESC)`],
});
