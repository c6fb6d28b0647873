import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { EventPublisher } from '../../platform/events';
import { Forbidden, ValidationFailed } from '../../platform/http/domain-error';
import { Role } from '../../staff';
import { hasRole, StaffDirectory, type StaffRef } from '../../staff';
import { HolidaysRepository } from './holidays.repository';
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
    private readonly holidays: HolidaysRepository,
    private readonly directory: StaffDirectory,
  ) {}

  /** One year's holidays (`year` as typed in a URL; absent means this local year). */
  async listYear(actor: StaffRef, year?: string): Promise<HolidayYear> {
    assertAdmin(actor);
    const now = this.clock.now();
    const thisYear = yearOf(localDate(now, this.config.tzName));
    // String(): a repeated ?year= arrives as an array, and is refused like any other bad year.
    const shown = year === undefined || year === '' ? thisYear : parseYear(String(year), 'year');
    const rows = await this.holidays.inYear(shown);
    const confirmed = await this.holidays.confirmation(shown);
    const confirmedBy = confirmed?.confirmedBy ?? null;
    const names = await this.directory.namesOf(confirmedBy ? [confirmedBy] : []);
    const known = await this.holidays.knownYears();
    return {
      year: shown,
      holidays: rows.map((r) => ({ ...r, weekday: weekdayOf(r.date) })),
      confirmation: confirmed
        ? {
            source: confirmed.source,
            confirmedAt: confirmed.confirmedAt,
            confirmedBy: confirmedBy ? { id: confirmedBy, name: names.get(confirmedBy) ?? '' } : null,
          }
        : null,
      years: [...new Set([...known, thisYear, thisYear + 1, shown])].sort((a, b) => a - b),
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
      await this.holidays.lock(m);
      const existing = await this.holidays.nameOn(m, holiday.date);
      if (existing !== null) throw new HolidayDateTaken(existing);
      await this.holidays.add(m, holiday);
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
      await this.holidays.lock(m);
      const row = await this.holidays.remove(m, date);
      if (!row) throw new HolidayNotFound();
      await this.holidays.dropConfirmationIfEmpty(m, yearOf(date));
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
      await this.holidays.lock(m);
      await this.holidays.replaceYear(m, year, holidays);
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
      await this.holidays.lock(m);
      if ((await this.holidays.countInYear(m, year)) === 0) throw new NoHolidaysToConfirm(year);
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
    const confirmed = await this.holidays.confirmedAmong(years);
    const missing = years.find((y) => !confirmed.includes(y));
    return missing === undefined ? null : { year: missing };
  }

  private async confirm(m: EntityManager, actor: StaffRef, year: number, source: string): Promise<void> {
    await this.holidays.confirm(m, year, source, this.clock.now(), actor.id);
  }

  private async publish(m: EntityManager, actor: StaffRef, year: number, change: HolidaysChange, dates: string[], source?: string): Promise<void> {
    await this.events.publish(m, new HolidaysChanged({ year, actorId: actor.id, change, dates, ...(source ? { source } : {}) }));
    this.log.log(`holidays of ${year} ${change} by ${actor.id}`);
  }
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
