import type { DecisionCounts, Period, SubmissionCounts } from '../../src/insights/insights.repository';
import { decisionCounts, type DecisionRow } from '../../src/insights/stats-dashboard';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of ad hoc SQL, typed by each caller
type Db = { query: <T = any>(sql: string, params?: unknown[]) => Promise<T[]> };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SUBMISSIONS_SQL, DECISIONS_SQL, OPEN_BY_STATUS_SQL, OPEN_BY_ASSIGNEE_SQL, OPEN_BREACHES_SQL } = require('../../bench/lib/insights-old-queries') as Record<string, string>;

/**
 * What the dashboard computed before it had counts of its own (issue 15): the same aggregations
 * straight from the cases' tables (bench/lib/insights-old-queries.js), the reference the counts
 * must equal.
 */
/** What the dashboard reads of cases open now, from the counts or (the reference) from the cases' tables. */
export interface NowCounts {
  openByStatus: Map<string, number>;
  openByAssignee: { staffId: string | null; name: string | null; count: number }[];
  openBreaches: Map<string, number>;
}

export async function referenceStats(db: Db, p: Period, category: string | null): Promise<{ submissions: SubmissionCounts; decisions: DecisionCounts } & NowCounts> {
  const rows = await db.query<{ g: number; month: number | null; category_code: string | null; opd_code: string | null; channel: string | null; n: number }>(SUBMISSIONS_SQL, [
    p.start,
    p.end,
    p.monthStarts,
    category,
  ]);
  const submissions: SubmissionCounts = { byMonth: new Map(), byCategory: new Map(), byOpd: new Map(), byChannel: new Map(), byOpdCategory: [] };
  for (const r of rows) {
    if (r.g === 0b0111) submissions.byMonth.set(r.month! - 1, r.n);
    else if (r.g === 0b1011) submissions.byCategory.set(r.category_code!, r.n);
    else if (r.g === 0b1101) submissions.byOpd.set(r.opd_code, r.n);
    else if (r.g === 0b1110) submissions.byChannel.set(r.channel!, r.n);
    else if (r.g === 0b1001) submissions.byOpdCategory.push({ opd: r.opd_code, category: r.category_code!, count: r.n });
  }
  const decided = await db.query<{ stage: DecisionRow['stage']; closing: boolean; outcome: string | null; late: boolean; hours: number; n: number }>(DECISIONS_SQL, [p.start, p.end, category]);
  const open = await db.query<{ status: string; n: number }>(OPEN_BY_STATUS_SQL, [category]);
  const assignees = await db.query<{ staff_id: string | null; name: string | null; n: number }>(OPEN_BY_ASSIGNEE_SQL, [category]);
  const breaches = await db.query<{ kind: string; n: number }>(OPEN_BREACHES_SQL, [category]);
  return {
    submissions,
    openByAssignee: assignees.map((r) => ({ staffId: r.staff_id, name: r.name, count: r.n })),
    openBreaches: new Map(breaches.map((r) => [r.kind, r.n])),
    decisions: decisionCounts(decided.map((r) => ({ stage: r.stage, closing: r.closing, outcome: r.outcome, late: r.late, hours: r.hours, count: r.n }))),
    openByStatus: new Map(open.map((r) => [r.status, r.n])),
  };
}

/** Counts in a comparable, order-free shape. */
export function comparable(x: { submissions: SubmissionCounts; decisions: DecisionCounts } & NowCounts) {
  const entries = <K>(m: Map<K, number>) => [...m.entries()].filter(([, n]) => n !== 0).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const key = (o: object) => JSON.stringify(o);
  return {
    byMonth: entries(x.submissions.byMonth),
    byCategory: entries(x.submissions.byCategory),
    byOpd: entries(x.submissions.byOpd),
    byChannel: entries(x.submissions.byChannel),
    byOpdCategory: x.submissions.byOpdCategory
      .filter((r) => r.count !== 0)
      .map(key)
      .sort(),
    decisions: x.decisions.rows
      .filter((r) => r.count !== 0)
      .map(key)
      .sort(),
    verificationHours: x.decisions.verificationHours.filter((b) => b.count !== 0).sort((a, b) => a.value - b.value),
    closingHours: x.decisions.closingHours.filter((b) => b.count !== 0).sort((a, b) => a.value - b.value),
    openByStatus: entries(x.openByStatus),
    openByAssignee: x.openByAssignee
      .filter((r) => r.count !== 0)
      .map(key)
      .sort(),
    openBreaches: entries(x.openBreaches),
  };
}
