import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { HolidayKind } from './holiday-lines';

type Db = EntityManager | DataSource;

/** A holiday as stored, its date as the local day (YYYY-MM-DD). */
export interface HolidayRow {
  date: string;
  kind: HolidayKind;
  name: string;
}

/** The holiday calendar (holidays) and which years' lists were confirmed, from what source (holiday_years). */
@Injectable()
export class HolidaysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every holiday date, for the working-day calendar. */
  async allDates(m: Db): Promise<string[]> {
    const rows: { d: string }[] = await m.query(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holidays`);
    return rows.map((r) => r.d);
  }

  inYear(year: number): Promise<HolidayRow[]> {
    return this.db.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`, [year]);
  }

  async countInYear(m: Db, year: number): Promise<number> {
    const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)`, [year]);
    return n;
  }

  /** Who confirmed the year's list (a staff id), when, from what source; null when it was not. */
  async confirmation(year: number): Promise<{ source: string; confirmedAt: Date; confirmedBy: string | null } | null> {
    const [row]: { source: string; confirmed_at: Date; confirmed_by: string | null }[] = await this.db.query(`SELECT y.source, y.confirmed_at, y.confirmed_by FROM holiday_years y WHERE y.year = $1`, [
      year,
    ]);
    return row ? { source: row.source, confirmedAt: row.confirmed_at, confirmedBy: row.confirmed_by } : null;
  }

  /** Years with holidays or a confirmation. */
  async knownYears(): Promise<number[]> {
    const known: { year: number }[] = await this.db.query(`SELECT DISTINCT extract(year FROM date)::int AS year FROM holidays UNION SELECT year FROM holiday_years`);
    return known.map((k) => k.year);
  }

  /** Which of these years have a confirmed list. */
  async confirmedAmong(years: number[]): Promise<number[]> {
    const confirmed: { year: number }[] = await this.db.query(`SELECT year FROM holiday_years WHERE year = ANY($1::int[])`, [years]);
    return confirmed.map((c) => c.year);
  }

  /** The name of the holiday on that date, if there is one. */
  async nameOn(m: Db, date: string): Promise<string | null> {
    const [existing]: { name: string }[] = await m.query(`SELECT name FROM holidays WHERE date = $1`, [date]);
    return existing?.name ?? null;
  }

  async add(m: EntityManager, h: HolidayRow): Promise<void> {
    await m.query(`INSERT INTO holidays (date, kind, name) VALUES ($1, $2, $3)`, [h.date, h.kind, h.name]);
  }

  /** The holiday removed, or null when that date had none. */
  async remove(m: EntityManager, date: string): Promise<HolidayRow | null> {
    const [row]: HolidayRow[] = await m.query(
      // Through a CTE: TypeORM returns [rows, count] for a bare DELETE … RETURNING.
      `WITH d AS (DELETE FROM holidays WHERE date = $1 RETURNING to_char(date, 'YYYY-MM-DD') AS date, kind, name) SELECT * FROM d`,
      [date],
    );
    return row ?? null;
  }

  /** The year's confirmation goes when its last holiday went. */
  async dropConfirmationIfEmpty(m: EntityManager, year: number): Promise<void> {
    await m.query(`DELETE FROM holiday_years WHERE year = $1 AND NOT EXISTS (SELECT 1 FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1))`, [year]);
  }

  async replaceYear(m: EntityManager, year: number, holidays: HolidayRow[]): Promise<void> {
    await m.query(`DELETE FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)`, [year]);
    await m.query(`INSERT INTO holidays (date, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`, [
      holidays.map((h) => h.date),
      holidays.map((h) => h.kind),
      holidays.map((h) => h.name),
    ]);
  }

  async confirm(m: EntityManager, year: number, source: string, at: Date, by: string): Promise<void> {
    await m.query(
      `INSERT INTO holiday_years (year, source, confirmed_at, confirmed_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, confirmed_at = EXCLUDED.confirmed_at, confirmed_by = EXCLUDED.confirmed_by`,
      [year, source, at, by],
    );
  }

  /** Serialises every holiday change across the cluster, for the length of the transaction. */
  async lock(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('wbs:holidays'))`);
  }
}
