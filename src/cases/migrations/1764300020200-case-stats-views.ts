import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The cases module's read views for the statistics (issue 15). Insights keeps its own counts,
 * fed by events; to rebuild them it reads these views, never the cases tables themselves, so
 * the cases module stays free to change its tables as long as the views say the same thing.
 * Clear metadata only (DESIGN.md §4): codes, statuses, instants.
 *
 * - `case_stats_submissions`: one row per case, with what a submission is counted by.
 * - `case_stats_moves`: one row per status move after the submission. A decision (a move out of
 *   received or verifying, or out of investigating, to investigating or closed; workflow/
 *   decision-stage.ts) has its `stage`, whether a breach of that stage's deadline kind fell due
 *   before it (`late`), and the whole hours since submission; other moves have a null stage.
 *   The definitions are those the dashboard has always used (docs/decisions.md).
 */
export const CaseStatsViews1764300020200 = sqlMigration('CaseStatsViews1764300020200', {
  up: [
    `
      CREATE VIEW case_stats_submissions AS
        SELECT c.id AS case_id, c.submitted_at, c.category_code, c.opd_code, c.channel, c.status FROM cases c`,
    `
      CREATE VIEW case_stats_moves AS
        SELECT h.id AS move_id, h.case_id, h.at, c.category_code, h.from_status, h.to_status, d.stage, h.to_status = 'closed' AS closing, h.outcome,
               CASE WHEN d.stage IS NOT NULL THEN EXISTS (SELECT 1 FROM sla_breaches b WHERE b.case_id = h.case_id AND b.kind = d.stage AND b.due_at < h.at) END AS late,
               greatest(0, floor(date_part('epoch', h.at - c.submitted_at) / 3600))::int AS hours
          FROM case_status_history h
          JOIN cases c ON c.id = h.case_id
          CROSS JOIN LATERAL (
            SELECT CASE WHEN h.to_status NOT IN ('investigating', 'closed') THEN NULL
                        WHEN h.from_status = 'investigating' AND h.to_status = 'closed' THEN 'investigation'
                        WHEN h.from_status IN ('received', 'verifying') THEN 'verification' END AS stage
          ) d
         WHERE h.from_status IS NOT NULL`,
  ],
  down: [`DROP VIEW case_stats_moves`, `DROP VIEW case_stats_submissions`],
});
