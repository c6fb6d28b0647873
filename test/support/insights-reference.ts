import type { DecisionCounts, Period, SubmissionCounts } from '../../src/insights/insights.repository';
import { decisionCounts, type DecisionRow } from '../../src/insights/stats-dashboard';

type Db = { query: <T = any>(sql: string, params?: unknown[]) => Promise<T[]> };

const OPEN = `('received', 'verifying', 'investigating')`;

/**
 * What the dashboard computed before it had counts of its own (issue 15): the same aggregations
 * straight from the cases' tables, kept here verbatim as the reference the counts must equal.
 * (Plus the OPD × category pairs, grouped the same way.)
 */
export async function referenceStats(db: Db, p: Period, category: string | null): Promise<{ submissions: SubmissionCounts; decisions: DecisionCounts; openByStatus: Map<string, number> }> {
  const rows = await db.query<{ g: number; month: number | null; category_code: string | null; opd_code: string | null; channel: string | null; n: number }>(
    `WITH fine AS (
       SELECT width_bucket(c.submitted_at, $3::timestamptz[]) AS month, c.category_code, c.opd_code, c.channel, count(*) AS n
         FROM cases c
        WHERE c.submitted_at >= $1 AND c.submitted_at < $2 AND ($4::text IS NULL OR c.category_code = $4)
        GROUP BY 1, 2, 3, 4
     )
     SELECT GROUPING(month, category_code, opd_code, channel) AS g, month, category_code, opd_code, channel, sum(n)::int AS n
       FROM fine GROUP BY GROUPING SETS ((month), (category_code), (opd_code), (channel), (category_code, opd_code))`,
    [p.start, p.end, p.monthStarts, category],
  );
  const submissions: SubmissionCounts = { byMonth: new Map(), byCategory: new Map(), byOpd: new Map(), byChannel: new Map(), byOpdCategory: [] };
  for (const r of rows) {
    if (r.g === 0b0111) submissions.byMonth.set(r.month! - 1, r.n);
    else if (r.g === 0b1011) submissions.byCategory.set(r.category_code!, r.n);
    else if (r.g === 0b1101) submissions.byOpd.set(r.opd_code, r.n);
    else if (r.g === 0b1110) submissions.byChannel.set(r.channel!, r.n);
    else if (r.g === 0b1001) submissions.byOpdCategory.push({ opd: r.opd_code, category: r.category_code!, count: r.n });
  }
  const decided = await db.query<{ stage: DecisionRow['stage']; closing: boolean; outcome: string | null; late: boolean; hours: number; n: number }>(
    `SELECT d.stage, d.closing, d.outcome, coalesce(b.first_due < d.at, false) AS late, d.hours, count(*)::int AS n
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
      GROUP BY 1, 2, 3, 4, 5`,
    [p.start, p.end, category],
  );
  const open = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM cases WHERE status IN ${OPEN} AND ($1::text IS NULL OR category_code = $1) GROUP BY status`,
    [category],
  );
  return {
    submissions,
    decisions: decisionCounts(decided.map((r) => ({ stage: r.stage, closing: r.closing, outcome: r.outcome, late: r.late, hours: r.hours, count: r.n }))),
    openByStatus: new Map(open.map((r) => [r.status, r.n])),
  };
}

/** Counts in a comparable, order-free shape. */
export function comparable(x: { submissions: SubmissionCounts; decisions: DecisionCounts; openByStatus: Map<string, number> }) {
  const entries = <K>(m: Map<K, number>) => [...m.entries()].filter(([, n]) => n !== 0).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const key = (o: object) => JSON.stringify(o);
  return {
    byMonth: entries(x.submissions.byMonth),
    byCategory: entries(x.submissions.byCategory),
    byOpd: entries(x.submissions.byOpd),
    byChannel: entries(x.submissions.byChannel),
    byOpdCategory: x.submissions.byOpdCategory.filter((r) => r.count !== 0).map(key).sort(),
    decisions: x.decisions.rows.filter((r) => r.count !== 0).map(key).sort(),
    verificationHours: x.decisions.verificationHours.filter((b) => b.count !== 0).sort((a, b) => a.value - b.value),
    closingHours: x.decisions.closingHours.filter((b) => b.count !== 0).sort((a, b) => a.value - b.value),
    openByStatus: entries(x.openByStatus),
  };
}
