import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { EventPublisher } from '../../platform/events';
import { Forbidden, ValidationFailed } from '../../platform/http/domain-error';
import { Role } from '../../staff';
import { hasRole, type StaffRef } from '../../staff';
import { HolidaysChange, HolidaysChanged } from './events/sla-rules-events';
import { holidayErrors, HolidayKind, holidayKind, isCalendarDate, parseHolidayLines, sourceErrors, yearInRange, yearOf } from './holiday-lines';
import { HolidayDateTaken, HolidayNotFound, NoHolidaysToConfirm } from './sla-admin.errors';
import { SlaService } from './sla.service';
import { localDate } from './working-days';

export { HOLIDAY_KINDS } from './holiday-lines';
export type { HolidayKind } from './holiday-lines';

export interface Holiday {
  date: string;
  /** 0 = Sunday … 6 = Saturday: weekends are accepted (the SKB lists some), and shown as such. */
  weekday: number;
  kind: HolidayKind;
  name: string;
}

/** Who confirmed a year's list, from which source (e.g. the SKB number), and when. */
export interface HolidayYearConfirmation {
  source: string;
  confirmedAt: Date;
  confirmedBy: { id: string; name: string } | null;
}

export interface HolidayYear {
  year: number;
  holidays: Holiday[];
  confirmation: HolidayYearConfirmation | null;
  /** Years worth a link: those with holidays or a confirmation, this year and next year. */
  years: number[];
  warning: CalendarWarning | null;
}

/** A year whose holidays are missing while deadlines may already fall in it. */
export interface CalendarWarning {
  year: number;
}

/** What an admin types for one holiday (form or API); all text, checked here. */
export interface HolidayInput {
  date: string;
  kind: string;
  name: string;
}

const WARN_FROM_MONTH_DAY = '10-01';

/**
 * The working-day calendar's holidays, kept by admins (DESIGN.md §6). Guessed dates are never
 * seeded: a wrong holiday moves deadlines silently. Instead each year's list is entered from
 * the government's SKB and confirmed, and a warning runs from 1 October while next year's list
 * is missing.
 *
 * Every change runs under one advisory lock, so two admins replacing a year at once cannot
 * interleave their deletes and inserts, and tells SlaService to drop its cached calendar, so
 * this process computes the next deadline with it (other processes within its cache time).
 * Deadlines already running keep their due time.
 */
@Injectable()
export class HolidaysService {
  private readonly log = new Logger(HolidaysService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: EventPublisher,
    private readonly sla: SlaService,
  ) {}

  /** One year's holidays (`year` as typed in a URL; absent means this local year). */
  async listYear(actor: StaffRef, year?: string): Promise<HolidayYear> {
    assertAdmin(actor);
    const now = this.clock.now();
    const thisYear = yearOf(localDate(now, this.config.tzName));
    // String(): a repeated ?year= arrives as an array, and is refused like any other bad year.
    const shown = year === undefined || year === '' ? thisYear : parseYear(String(year), 'year');
    const rows: { date: string; kind: HolidayKind; name: string }[] = await this.db.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [shown],
    );
    const [confirmed]: { source: string; confirmed_at: Date; staff_id: string | null; staff_name: string | null }[] = await this.db.query(
      `SELECT y.source, y.confirmed_at, s.id AS staff_id, s.name AS staff_name FROM holiday_years y LEFT JOIN staff s ON s.id = y.confirmed_by WHERE y.year = $1`,
      [shown],
    );
    const known: { year: number }[] = await this.db.query(`SELECT DISTINCT extract(year FROM date)::int AS year FROM holidays UNION SELECT year FROM holiday_years`);
    return {
      year: shown,
      holidays: rows.map((r) => ({ ...r, weekday: weekdayOf(r.date) })),
      confirmation: confirmed
        ? {
            source: confirmed.source,
            confirmedAt: confirmed.confirmed_at,
            confirmedBy: confirmed.staff_id ? { id: confirmed.staff_id, name: confirmed.staff_name ?? '' } : null,
          }
        : null,
      years: [...new Set([...known.map((k) => k.year), thisYear, thisYear + 1, shown])].sort((a, b) => a - b),
      warning: await this.calendarWarning(now),
    };
  }

  /** One more holiday (a local one, or a day the SKB added later); the year stays confirmed. */
  async add(actor: StaffRef, input: HolidayInput): Promise<Holiday> {
    assertAdmin(actor);
    const errors = holidayErrors(input);
    if (errors.length) throw new ValidationFailed(errors);
    const holiday = { date: input.date.trim(), kind: holidayKind(input.kind)!, name: input.name.trim() };
    await this.db.transaction(async (m) => {
      await lockHolidays(m);
      const [existing]: { name: string }[] = await m.query(`SELECT name FROM holidays WHERE date = $1`, [holiday.date]);
      if (existing) throw new HolidayDateTaken(existing.name);
      await m.query(`INSERT INTO holidays (date, kind, name) VALUES ($1, $2, $3)`, [holiday.date, holiday.kind, holiday.name]);
      await this.publish(m, actor, yearOf(holiday.date), 'added', [holiday.date]);
    });
    this.sla.forgetCachedRules();
    return { ...holiday, weekday: weekdayOf(holiday.date) };
  }

  /**
   * Removes one holiday. The last one of a year takes the year's confirmation with it: an
   * empty list confirmed would silence the missing-year warning.
   */
  async remove(actor: StaffRef, date: string): Promise<Holiday> {
    assertAdmin(actor);
    if (!isCalendarDate(date)) throw new ValidationFailed([{ field: 'date', message: 'holidays.date_invalid' }]);
    const removed = await this.db.transaction(async (m) => {
      await lockHolidays(m);
      const [row]: { date: string; kind: HolidayKind; name: string }[] = await m.query(
        // Through a CTE: TypeORM returns [rows, count] for a bare DELETE … RETURNING.
        `WITH d AS (DELETE FROM holidays WHERE date = $1 RETURNING to_char(date, 'YYYY-MM-DD') AS date, kind, name) SELECT * FROM d`,
        [date],
      );
      if (!row) throw new HolidayNotFound();
      await m.query(`DELETE FROM holiday_years WHERE year = $1 AND NOT EXISTS (SELECT 1 FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1))`, [yearOf(date)]);
      await this.publish(m, actor, yearOf(date), 'removed', [date]);
      return row;
    });
    this.sla.forgetCachedRules();
    return { ...removed, weekday: weekdayOf(removed.date) };
  }

  /**
   * A whole year from the SKB, one line a day: replaces that year's holidays and records the
   * list as confirmed from `source`. Any bad line refuses the whole list, nothing stored.
   */
  async replaceYear(actor: StaffRef, input: { lines: string; source: string }): Promise<{ year: number; count: number }> {
    assertAdmin(actor);
    const parsed = parseHolidayLines(input.lines);
    const errors = [...(parsed.ok ? [] : parsed.errors), ...sourceErrors(input.source)];
    if (!parsed.ok || errors.length) throw new ValidationFailed(errors);
    const { year, holidays } = parsed;
    const source = input.source.trim();
    await this.db.transaction(async (m) => {
      await lockHolidays(m);
      await m.query(`DELETE FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)`, [year]);
      await m.query(`INSERT INTO holidays (date, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`, [
        holidays.map((h) => h.date),
        holidays.map((h) => h.kind),
        holidays.map((h) => h.name),
      ]);
      await this.confirm(m, actor, year, source);
      await this.publish(
        m,
        actor,
        year,
        'replaced',
        holidays.map((h) => h.date),
        source,
      );
    });
    this.sla.forgetCachedRules();
    return { year, count: holidays.length };
  }

  /** Confirms a year's list as it stands (entered one by one), naming its source. */
  async confirmYear(actor: StaffRef, input: { year: string; source: string }): Promise<{ year: number }> {
    assertAdmin(actor);
    const year = parseYear(input.year, 'year');
    const errors = sourceErrors(input.source);
    if (errors.length) throw new ValidationFailed(errors);
    await this.db.transaction(async (m) => {
      await lockHolidays(m);
      const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)`, [year]);
      if (n === 0) throw new NoHolidaysToConfirm(year);
      await this.confirm(m, actor, year, input.source.trim());
      await this.publish(m, actor, year, 'confirmed', [], input.source.trim());
    });
    return { year };
  }

  /**
   * The year whose list is missing, if any: this year at any time (deadlines fall in it now),
   * next year from 1 October local time (long deadlines started then already end in it, and
   * the SKB usually appears in September). For the staff inbox, the admin page and /health.
   */
  async calendarWarning(now: Date): Promise<CalendarWarning | null> {
    const today = localDate(now, this.config.tzName);
    const thisYear = yearOf(today);
    const years = today.slice(5) >= WARN_FROM_MONTH_DAY ? [thisYear, thisYear + 1] : [thisYear];
    const confirmed: { year: number }[] = await this.db.query(`SELECT year FROM holiday_years WHERE year = ANY($1::int[])`, [years]);
    const missing = years.find((y) => !confirmed.some((c) => c.year === y));
    return missing === undefined ? null : { year: missing };
  }

  private async confirm(m: EntityManager, actor: StaffRef, year: number, source: string): Promise<void> {
    await m.query(
      `INSERT INTO holiday_years (year, source, confirmed_at, confirmed_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, confirmed_at = EXCLUDED.confirmed_at, confirmed_by = EXCLUDED.confirmed_by`,
      [year, source, this.clock.now(), actor.id],
    );
  }

  private async publish(m: EntityManager, actor: StaffRef, year: number, change: HolidaysChange, dates: string[], source?: string): Promise<void> {
    await this.events.publish(m, new HolidaysChanged({ year, actorId: actor.id, change, dates, ...(source ? { source } : {}) }));
    this.log.log(`holidays of ${year} ${change} by ${actor.id}`);
  }
}

/** Serialises every holiday change across the cluster, for the length of the transaction. */
async function lockHolidays(m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('wbs:holidays'))`);
}

function parseYear(value: string, field: string): number {
  const year = /^\s*\d{4}\s*$/.test(value) ? Number(value) : NaN;
  if (!yearInRange(year)) throw new ValidationFailed([{ field, message: 'holidays.year_invalid' }]);
  return year;
}

function weekdayOf(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

function assertAdmin(actor: StaffRef): void {
  if (!hasRole(actor, Role.Admin)) throw new Forbidden();
}
