import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The cases module's read view of what the statistics count "now" (issue 15), beside
 * case_stats_submissions and case_stats_moves (1764300020200): insights keeps its own copy per
 * case, refreshed from this view by case when the case's events arrive, and rebuilt from it whole.
 * Clear metadata only: codes, staff ids, deadline kinds.
 *
 * - measure 'assignee': one row per open case and assigned staff member (key: the staff id), or
 *   one row with key '' when no one is assigned; the dashboard's "open cases per inspector".
 * - measure 'breach': one row per SLA breach not over yet (key: its deadline kind), whatever the
 *   case's status; the dashboard's "ongoing breaches".
 * Filtered by case_id, both branches read through their case_id indexes.
 */
export const CaseStatsNow1764300020310 = sqlMigration('CaseStatsNow1764300020310', {
  up: [
    `
      CREATE VIEW case_stats_now AS
        SELECT c.id AS case_id, 'assignee'::text AS measure, c.category_code, coalesce(a.staff_id::text, '') AS key
          FROM cases c LEFT JOIN case_assignments a ON a.case_id = c.id
         WHERE c.status IN ('received', 'verifying', 'investigating')
        UNION ALL
        SELECT b.case_id, 'breach'::text, c.category_code, b.kind
          FROM sla_breaches b JOIN cases c ON c.id = b.case_id
         WHERE b.resolved_at IS NULL`,
  ],
  down: [`DROP VIEW case_stats_now`],
});
