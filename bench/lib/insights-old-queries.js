'use strict';
/**
 * The dashboard's queries before it had counts of its own (issue 15), straight from the cases'
 * tables, kept verbatim: test/support/insights-reference.ts checks the counts against them, and
 * bench/insights times them beside the dashboard. (SUBMISSIONS_SQL also groups OPD × category.)
 * Parameters: SUBMISSIONS_SQL $1 start, $2 end, $3 month starts, $4 category or null;
 * DECISIONS_SQL $1 start, $2 end, $3 category; OPEN_BY_STATUS_SQL, OPEN_BY_ASSIGNEE_SQL and
 * OPEN_BREACHES_SQL (the live queries before insights_now; the unfiltered breaches query read
 * sla_breaches alone, which counts the same: every breach has its case) $1 category.
 */
const OPEN = `('received', 'verifying', 'investigating')`;

const SUBMISSIONS_SQL = `WITH fine AS (
       SELECT width_bucket(c.submitted_at, $3::timestamptz[]) AS month, c.category_code, c.opd_code, c.channel, count(*) AS n
         FROM cases c
        WHERE c.submitted_at >= $1 AND c.submitted_at < $2 AND ($4::text IS NULL OR c.category_code = $4)
        GROUP BY 1, 2, 3, 4
     )
     SELECT GROUPING(month, category_code, opd_code, channel) AS g, month, category_code, opd_code, channel, sum(n)::int AS n
       FROM fine GROUP BY GROUPING SETS ((month), (category_code), (opd_code), (channel), (category_code, opd_code))`;

const DECISIONS_SQL = `SELECT d.stage, d.closing, d.outcome, coalesce(b.first_due < d.at, false) AS late, d.hours, count(*)::int AS n
       FROM (
         SELECT h.case_id, h.at, h.to_status = 'closed' AS closing, h.outcome,
                CASE WHEN h.from_status = 'investigating' THEN 'investigation' ELSE 'verification' END AS stage,
                greatest(0, floor(date_part('epoch', h.at - c.submitted_at) / 3600))::int AS hours
           FROM case_status_history h
           JOIN cases c ON c.id = h.case_id
          WHERE h.to_status IN ('investigating', 'closed') AND h.from_status IN ${OPEN}
            AND h.at >= $1 AND h.at < $2 AND ($3::text IS NULL OR c.category_code = $3)
       ) d
       LEFT JOIN (
         SELECT case_id, kind, min(due_at) AS first_due FROM sla_breaches
          WHERE kind IN ('verification', 'investigation') AND due_at < $2 GROUP BY case_id, kind
       ) b ON b.case_id = d.case_id AND b.kind = d.stage
      GROUP BY 1, 2, 3, 4, 5`;

const OPEN_BY_STATUS_SQL = `SELECT status, count(*)::int AS n FROM cases WHERE status IN ${OPEN} AND ($1::text IS NULL OR category_code = $1) GROUP BY status`;

const OPEN_BY_ASSIGNEE_SQL = `SELECT a.staff_id, s.name, count(*)::int AS n
       FROM cases c
       LEFT JOIN case_assignments a ON a.case_id = c.id
       LEFT JOIN staff s ON s.id = a.staff_id
      WHERE c.status IN ${OPEN} AND ($1::text IS NULL OR c.category_code = $1)
      GROUP BY a.staff_id, s.name`;

const OPEN_BREACHES_SQL = `SELECT b.kind, count(*)::int AS n FROM sla_breaches b JOIN cases c ON c.id = b.case_id
      WHERE b.resolved_at IS NULL AND ($1::text IS NULL OR c.category_code = $1) GROUP BY b.kind`;

module.exports = { SUBMISSIONS_SQL, DECISIONS_SQL, OPEN_BY_STATUS_SQL, OPEN_BY_ASSIGNEE_SQL, OPEN_BREACHES_SQL };
