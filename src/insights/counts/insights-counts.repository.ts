import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { StaffDirectory } from '../../staff';
import { OPEN_STATUSES } from '../../cases';
import type { DecisionCounts, SubmissionCounts } from '../insights.repository';
import type { PeriodBuckets } from './period-buckets';

/** One count to add: the table's measure, the category (or '*', all) and the key within the measure. */
export interface CountItem {
  measure: 'channel' | 'opd' | 'decision' | 'verification_hours' | 'closing_hours';
  category: string;
  key: string;
}

/** Cases open now per category and status. */
export type OpenCounts = { category: string; status: string; n: number }[];

/** The open statuses as an SQL list, from the one list cases keeps. */
const OPEN = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** The key of a decision count: stage, closing, outcome, late (the rebuild writes the same). */
export function decisionKey(stage: string, closing: boolean, outcome: string | null, late: boolean): string {
  return `${stage}|${closing ? 1 : 0}|${outcome ?? ''}|${late ? 1 : 0}`;
}

/**
 * The statistics' own tables (migration 1764300020300): written by the counting subscriber one
 * event at a time, rebuilt from the cases module's views, read by the dashboard. Every write of
 * an event starts by recording it as counted, so a second delivery, or an event whose change a
 * rebuild already counted, changes nothing.
 */
@Injectable()
export class InsightsCountsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffDirectory,
  ) {}

  /**
   * Makes the caller's transaction (an event delivery's batch) the only one writing counts until
   * it ends. Deliveries run in batches, one transaction each, and each adds to a few shared rows
   * (the open cases per category and status, the month's rows): two batches meeting the same rows
   * in another order deadlocked, and the failed deliveries waited for their retry.
   */
  async serialise(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('insights.count-cases'))`);
  }

  /**
   * Makes the caller's transaction (a rebuild) the only one touching the counts until it ends:
   * first the lock every count-writing delivery takes before it touches a table (without it, a
   * delivery holding one counts table and waiting for the next, while the rebuild waited for
   * the first, was a deadlock), then every counts table.
   */
  async lockForRebuild(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('insights.count-cases'))`);
    await m.query(`LOCK TABLE insights_counts, insights_open, insights_counted_cases, insights_counted_moves, insights_case_now, insights_now, insights_state IN ACCESS EXCLUSIVE MODE`);
  }

  /** Records a case as counted; false when it was already. */
  async markCase(m: EntityManager, caseId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`INSERT INTO insights_counted_cases (case_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING case_id`, [caseId]);
    return rows.length === 1;
  }

  /** Records a status move as counted; false when it was already. */
  async markMove(m: EntityManager, moveId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`INSERT INTO insights_counted_moves (move_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING move_id`, [moveId]);
    return rows.length === 1;
  }

  /** Adds one to each item, in the local day of `at` and in its month. */
  async add(m: EntityManager, at: string, timeZone: string, items: CountItem[]): Promise<void> {
    if (!items.length) return;
    await m.query(
      `INSERT INTO insights_counts (grain, bucket, measure, category, key, n)
       SELECT g.grain, CASE g.grain WHEN 'd' THEN t.day ELSE date_trunc('month', t.day)::date END, x.measure, x.category, x.key, count(*)
         FROM (SELECT ($1::timestamptz AT TIME ZONE $2)::date AS day) t
        CROSS JOIN (VALUES ('d'), ('m')) AS g (grain)
        CROSS JOIN unnest($3::text[], $4::text[], $5::text[]) AS x (measure, category, key)
        GROUP BY 1, 2, 3, 4, 5
       ON CONFLICT (grain, bucket, measure, category, key) DO UPDATE SET n = insights_counts.n + EXCLUDED.n`,
      [at, timeZone, items.map((i) => i.measure), items.map((i) => i.category), items.map((i) => i.key)],
    );
  }

  /** Moves a case between open statuses: -1 for `from`, +1 for `to` (a closed status counts nowhere). */
  async moveOpen(m: EntityManager, category: string, from: string | null, to: string | null): Promise<void> {
    const open = (s: string | null) => s === 'received' || s === 'verifying' || s === 'investigating';
    const deltas = [...(open(from) ? [[from!, -1] as const] : []), ...(open(to) ? [[to!, 1] as const] : [])];
    if (!deltas.length) return;
    await m.query(
      `INSERT INTO insights_open (category, status, n) SELECT $1, x.status, x.d FROM unnest($2::text[], $3::int[]) AS x (status, d)
       ON CONFLICT (category, status) DO UPDATE SET n = insights_open.n + EXCLUDED.n`,
      [category, deltas.map((d) => d[0]), deltas.map((d) => d[1])],
    );
  }

  /**
   * Reports and decisions of a period: month rows, plus or minus day rows (period-buckets.ts).
   * Channels and OPDs are read per category (they give the category and month breakdowns and
   * the OPD × category table); the hour histograms from the category asked for, or '*'.
   */
  async period(b: PeriodBuckets, months: string[], category: string | null): Promise<{ submissions: SubmissionCounts; decisions: DecisionCounts }> {
    // Each measure read through the index (measure, grain, bucket, category, key) INCLUDE (n):
    // the hour histograms of the category asked for (or '*'), the rest per category.
    const which = `((c.measure IN ('verification_hours', 'closing_hours') AND c.category = coalesce($5, '*'))
                    OR (c.measure IN ('channel', 'opd', 'decision') AND c.category <> '*' AND ($5::text IS NULL OR c.category = $5)))`;
    const rows: { measure: CountItem['measure']; category: string; key: string; month: string | null; n: number }[] = await this.db.query(
      `SELECT measure, category, key, CASE WHEN measure = 'channel' THEN to_char(bucket, 'YYYY-MM') END AS month, sum(n)::int AS n
         FROM (
           SELECT c.measure, c.category, c.key, c.bucket, c.n FROM insights_counts c
            WHERE c.measure IN ('channel', 'opd', 'decision', 'verification_hours', 'closing_hours') AND c.grain = 'm' AND c.bucket = ANY($1::date[]) AND ${which}
           UNION ALL
           SELECT c.measure, c.category, c.key, date_trunc('month', c.bucket)::date, c.n * r.sign
             FROM unnest($2::date[], $3::date[], $4::int[]) AS r (lo, hi, sign)
             JOIN insights_counts c ON c.measure IN ('channel', 'opd', 'decision', 'verification_hours', 'closing_hours') AND c.grain = 'd' AND c.bucket BETWEEN r.lo AND r.hi
            WHERE ${which}
         ) x
        GROUP BY 1, 2, 3, 4
       HAVING sum(n) <> 0`,
      [b.months, b.dayRanges.map((r) => r.from), b.dayRanges.map((r) => r.to), b.dayRanges.map((r) => r.sign), category],
    );
    const monthIndex = new Map(months.map((m, i) => [m, i]));
    const submissions: SubmissionCounts = { byMonth: new Map(), byCategory: new Map(), byOpd: new Map(), byChannel: new Map(), byOpdCategory: [] };
    const decisions: DecisionCounts = { rows: [], verificationHours: [], closingHours: [] };
    const bump = <K>(map: Map<K, number>, k: K, n: number) => map.set(k, (map.get(k) ?? 0) + n);
    const decided = new Map<string, number>();
    for (const r of rows) {
      if (r.measure === 'channel') {
        bump(submissions.byMonth, monthIndex.get(r.month!)!, r.n);
        bump(submissions.byCategory, r.category, r.n);
        bump(submissions.byChannel, r.key, r.n);
      } else if (r.measure === 'opd') {
        const opd = r.key === '' ? null : r.key;
        bump(submissions.byOpd, opd, r.n);
        submissions.byOpdCategory.push({ opd, category: r.category, count: r.n });
      } else if (r.measure === 'decision') {
        bump(decided, r.key, r.n); // one row per key and category: summed over categories
      } else {
        (r.measure === 'verification_hours' ? decisions.verificationHours : decisions.closingHours).push({ value: Number(r.key), count: r.n });
      }
    }
    for (const [key, count] of decided) {
      const [stage, closing, outcome, late] = key.split('|');
      decisions.rows.push({ stage: stage as 'verification' | 'investigation', closing: closing === '1', outcome: outcome || null, late: late === '1', count });
    }
    return { submissions, decisions };
  }

  async openByStatus(category: string | null): Promise<Map<string, number>> {
    const rows: { status: string; n: number }[] = await this.db.query(`SELECT status, sum(n)::int AS n FROM insights_open WHERE ($1::text IS NULL OR category = $1) GROUP BY status`, [category]);
    return new Map(rows.filter((r) => r.n !== 0).map((r) => [r.status, r.n]));
  }

  /**
   * Replaces what a case adds to the "now" counters (open cases per assignee, ongoing breaches)
   * by what the cases' view case_stats_now says of it at this moment, moving the counters by the
   * difference. Idempotent and independent of the order events arrive in: whatever event comes
   * last for a case, delivered after the case's last change committed, leaves its current state.
   *
   * In the caller's transaction (an event delivery's batch), which holds `serialise` already: one
   * batch at a time writes counts, so two batches cannot meet the same counter rows in another
   * order, and a running rebuild (same lock, taken first) has ended before this statement takes
   * its snapshot. Not on a connection of its own: a handler waiting on a second connection while
   * its batch holds locks is a cycle neither PostgreSQL nor the pool can see (a migration's
   * exclusive lock on `cases`, queued behind the batch, stopped the refresh and so the batch, and
   * both waited for ever: test/insights-counts-delivery.db-spec.ts).
   */
  async refreshCase(m: EntityManager, caseId: string): Promise<void> {
    await m.query(
      `WITH old AS (
         DELETE FROM insights_case_now WHERE case_id = $1 RETURNING measure, category, key
       ), new AS (
         INSERT INTO insights_case_now (case_id, measure, category, key)
         SELECT case_id, measure, category_code, key FROM case_stats_now WHERE case_id = $1
         RETURNING measure, category, key
       ), delta AS (
         SELECT measure, category, key, sum(d) AS n
           FROM (SELECT measure, category, key, -1 AS d FROM old UNION ALL SELECT measure, category, key, 1 FROM new) x
          GROUP BY 1, 2, 3 HAVING sum(d) <> 0
       )
       INSERT INTO insights_now (measure, category, key, n) SELECT measure, category, key, n FROM delta ORDER BY 1, 2, 3
       ON CONFLICT (measure, category, key) DO UPDATE SET n = insights_now.n + EXCLUDED.n`,
      [caseId],
    );
  }

  /**
   * Open cases now per assigned staff member (a case with two counts for both); staffId null: no
   * one assigned. Names come from StaffDirectory, one read for the few inspectors.
   */
  async openByAssignee(category: string | null): Promise<{ staffId: string | null; name: string | null; count: number }[]> {
    const rows: { staff_id: string | null; n: number }[] = await this.db.query(
      `SELECT nullif(key, '')::uuid AS staff_id, sum(n)::int AS n FROM insights_now
        WHERE measure = 'assignee' AND ($1::text IS NULL OR category = $1) GROUP BY key HAVING sum(n) <> 0`,
      [category],
    );
    const names = await this.staff.namesOf(rows.flatMap((r) => (r.staff_id ? [r.staff_id] : [])));
    return rows.map((r) => ({ staffId: r.staff_id, name: (r.staff_id ? names.get(r.staff_id) : undefined) ?? null, count: r.n }));
  }

  /** Breaches not over yet, by deadline kind. */
  async openBreaches(category: string | null): Promise<Map<string, number>> {
    const rows: { kind: string; n: number }[] = await this.db.query(
      `SELECT key AS kind, sum(n)::int AS n FROM insights_now
        WHERE measure = 'breach' AND ($1::text IS NULL OR category = $1) GROUP BY key HAVING sum(n) <> 0`,
      [category],
    );
    return new Map(rows.map((r) => [r.kind, r.n]));
  }

  /** The rules version and time zone the counts were built with; null before the first build. */
  async state(m: EntityManager = this.db.manager): Promise<{ version: number; timeZone: string } | null> {
    const [row]: { version: number; time_zone: string }[] = await m.query(`SELECT version, time_zone FROM insights_state`);
    return row ? { version: row.version, timeZone: row.time_zone } : null;
  }

  /**
   * Builds every count again from the cases module's views (case_stats_submissions,
   * case_stats_moves, case_stats_now), set-based, inside the caller's transaction; see InsightsCountsRebuild
   * for the locking that keeps events and a rebuild from counting a change twice or never.
   */
  async rebuild(m: EntityManager, timeZone: string, version: number, at: Date): Promise<{ cases: number; moves: number }> {
    await m.query(`TRUNCATE insights_counts, insights_open, insights_counted_cases, insights_counted_moves, insights_case_now, insights_now, insights_state`);
    await m.query(`SET LOCAL work_mem = '128MB'`);
    await m.query(
      `WITH s AS MATERIALIZED (
         SELECT (submitted_at AT TIME ZONE $1)::date AS day, category_code, opd_code, channel FROM case_stats_submissions
       ), d AS MATERIALIZED (
         SELECT (at AT TIME ZONE $1)::date AS day, category_code, stage, closing, outcome, late, hours FROM case_stats_moves WHERE stage IS NOT NULL
       ), fine AS (
         SELECT day, 'channel' AS measure, category_code AS category, channel AS key, count(*) AS n FROM s GROUP BY 1, 3, 4
         UNION ALL
         SELECT day, 'opd', category_code, coalesce(opd_code, ''), count(*) FROM s GROUP BY 1, 3, 4
         UNION ALL
         SELECT day, 'decision', category_code, stage || '|' || closing::int || '|' || coalesce(outcome, '') || '|' || late::int, count(*) FROM d GROUP BY 1, 3, 4
         UNION ALL
         SELECT day, 'verification_hours', k.category, hours::text, count(*) FROM d CROSS JOIN LATERAL (VALUES (category_code), ('*')) AS k (category)
          WHERE stage = 'verification' GROUP BY 1, 3, 4
         UNION ALL
         SELECT day, 'closing_hours', k.category, hours::text, count(*) FROM d CROSS JOIN LATERAL (VALUES (category_code), ('*')) AS k (category)
          WHERE closing GROUP BY 1, 3, 4
       )
       INSERT INTO insights_counts (grain, bucket, measure, category, key, n)
       SELECT g.grain, CASE g.grain WHEN 'd' THEN day ELSE date_trunc('month', day)::date END, measure, category, key, sum(n)
         FROM fine CROSS JOIN (VALUES ('d'), ('m')) AS g (grain)
        GROUP BY 1, 2, 3, 4, 5`,
      [timeZone],
    );
    await m.query(`INSERT INTO insights_open (category, status, n) SELECT category_code, status, count(*) FROM case_stats_submissions WHERE status IN ${OPEN} GROUP BY 1, 2`);
    await m.query(`INSERT INTO insights_case_now (case_id, measure, category, key) SELECT case_id, measure, category_code, key FROM case_stats_now`);
    await m.query(`INSERT INTO insights_now (measure, category, key, n) SELECT measure, category, key, count(*) FROM insights_case_now GROUP BY 1, 2, 3`);
    const [cases]: { n: number }[] = await m.query(`WITH x AS (INSERT INTO insights_counted_cases (case_id) SELECT case_id FROM case_stats_submissions RETURNING 1) SELECT count(*)::int AS n FROM x`);
    const [moves]: { n: number }[] = await m.query(`WITH x AS (INSERT INTO insights_counted_moves (move_id) SELECT move_id FROM case_stats_moves RETURNING 1) SELECT count(*)::int AS n FROM x`);
    await m.query(`INSERT INTO insights_state (version, time_zone, rebuilt_at) VALUES ($1, $2, $3)`, [version, timeZone, at]);
    return { cases: cases.n, moves: moves.n };
  }
}
