import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OPEN_STATUSES } from '../cases';
import type { Bucket } from './median';

/** The bounds of a period of local days, as instants. */
export interface Period {
  start: Date;
  /** Exclusive: the start of the day after the last one. */
  end: Date;
  /** The start of each month of the period, in order (the first may precede `start`). */
  monthStarts: Date[];
}

export interface SubmissionCounts {
  /** By index into Period.monthStarts. */
  byMonth: Map<number, number>;
  byCategory: Map<string, number>;
  /** The key null: reports naming no OPD. */
  byOpd: Map<string | null, number>;
  byChannel: Map<string, number>;
  /** Reports per OPD (null: none named) and category, for the cross-table. */
  byOpdCategory: { opd: string | null; category: string; count: number }[];
}

/** Decisions of a period, counted by stage, closing, outcome and lateness. */
export interface DecisionCountRow {
  stage: 'verification' | 'investigation';
  closing: boolean;
  outcome: string | null;
  late: boolean;
  count: number;
}

/**
 * The decisions of a period: their counts, and how many whole hours after submission each
 * verification and each closing came (the medians' histograms).
 */
export interface DecisionCounts {
  rows: DecisionCountRow[];
  verificationHours: Bucket[];
  closingHours: Bucket[];
}

/** Reporters' ratings (1–5) given in a period, by rating. */
export type RatingCounts = Map<number, number>;

export interface CategoryRow {
  code: string;
  nameId: string;
  nameEn: string;
  active: boolean;
}

/** Cases carrying a label: open now, and submitted in the period (label names are metadata). */
export interface LabelCountRow {
  id: string;
  name: string;
  colour: string;
  open: number;
  all: number;
}

/** The open statuses as an SQL list, from the one list cases keeps. */
const OPEN = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * The statistics' live queries, over clear metadata only (DESIGN.md §4): codes, statuses, dates
 * and counts. Nothing here reads `report`, `identity`, `title` or any other encrypted column, and
 * everything is aggregated in PostgreSQL; what comes back is a few hundred rows at most. Reports
 * and decisions of a period, and open cases by status, come from the statistics' own counts
 * (counts/insights-counts.repository.ts) instead: aggregating them here took over a second with
 * a million cases.
 */
@Injectable()
export class InsightsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async period(from: string, to: string, months: string[], timeZone: string): Promise<Period> {
    const [row]: { start: Date; end: Date; month_starts: Date[] }[] = await this.db.query(
      `SELECT ($1::date::timestamp AT TIME ZONE $3) AS start, (($2::date + 1)::timestamp AT TIME ZONE $3) AS end,
              ARRAY(SELECT (m::date::timestamp AT TIME ZONE $3) FROM unnest($4::text[]) AS m ORDER BY m) AS month_starts`,
      [from, to, timeZone, months.map((m) => `${m}-01`)],
    );
    return { start: row.start, end: row.end, monthStarts: row.month_starts.map((d) => new Date(d)) };
  }

  /**
   * Ratings reporters gave in the period (intake's view reporter_ratings: the rating is clear
   * metadata, the comment is not in it), by rating.
   */
  async ratings(p: Period, category: string | null): Promise<RatingCounts> {
    const rows: { rating: number; n: number }[] = await this.db.query(
      `SELECT f.rating, count(*)::int AS n
         FROM reporter_ratings f
        WHERE f.given_at >= $1 AND f.given_at < $2
          AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM case_stats_submissions c WHERE c.case_id = f.case_id AND c.category_code = $3))
        GROUP BY f.rating`,
      [p.start, p.end, category],
    );
    return new Map(rows.map((r) => [r.rating, r.n]));
  }

  /**
   * Every label, with its open cases now and its cases submitted in the period; a label on no case
   * counts 0 (cases' view case_label_stats: a row per label and case, one with no case for a bare label).
   */
  async byLabel(p: Period, category: string | null): Promise<LabelCountRow[]> {
    return this.db.query(
      `SELECT l.label_id AS id, l.name, l.colour,
              (count(*) FILTER (WHERE l.status IN ${OPEN} AND ($3::text IS NULL OR l.category_code = $3)))::int AS open,
              (count(*) FILTER (WHERE l.submitted_at >= $1 AND l.submitted_at < $2 AND ($3::text IS NULL OR l.category_code = $3)))::int AS all
         FROM case_label_stats l
        GROUP BY l.label_id, l.name, l.colour ORDER BY lower(l.name), l.label_id`,
      [p.start, p.end, category],
    );
  }

  /** Every category, inactive ones too: old cases keep theirs (catalog's view category_names). */
  async categories(): Promise<CategoryRow[]> {
    const rows: { code: string; name_id: string; name_en: string; active: boolean }[] = await this.db.query(`SELECT code, name_id, name_en, active FROM category_names ORDER BY sort_order, code`);
    return rows.map((r) => ({ code: r.code, nameId: r.name_id, nameEn: r.name_en, active: r.active }));
  }

  /** OPD names by code (catalog's view opd_names); an unknown code is simply missing. */
  async opdNames(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows: { code: string; name: string }[] = await this.db.query(`SELECT code, name FROM opd_names WHERE code = ANY($1::text[])`, [codes]);
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
