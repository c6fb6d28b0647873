import { isCalendarDate } from '../platform/clock/calendar-date';
import type { FieldError } from '../platform/http/domain-error';

/** What the statistics are about: a period of local days (TZ_NAME), both ends included, and a category or all. */
export interface StatsFilters {
  from: string;
  to: string;
  category: string | null;
}

/** Filters as they come from a query string or a form. */
export interface RawStatsFilters {
  from?: unknown;
  to?: unknown;
  category?: unknown;
}

/** A year of months per chart at most ten times over: enough for trends, bounded work per request. */
export const MAX_MONTHS = 120;
const CATEGORY_CODE = /^[a-z][a-z0-9_]{1,39}$/;

/**
 * Checks the filters and fills in the default period: the last twelve calendar months, from the
 * first day of the month eleven months back to today (`today` in local time). Given only `to`,
 * the twelve months end there; given only `from`, the period runs to today. Returns every
 * problem at once, each on its field; whether the category exists is the caller's question.
 */
export function parseStatsFilters(raw: RawStatsFilters, today: string): { filters: StatsFilters; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (field: 'from' | 'to' | 'category'): string | null => {
    const v = raw[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') {
      errors.push({ field, message: field === 'category' ? 'insights.category_unknown' : 'insights.date_invalid' });
      return null;
    }
    return v.trim() === '' ? null : v.trim();
  };
  const day = (field: 'from' | 'to'): string | null => {
    const v = text(field);
    if (v === null) return null;
    if (!isDay(v)) {
      errors.push({ field, message: 'insights.date_invalid' });
      return null;
    }
    return v;
  };
  const fromGiven = day('from');
  const toGiven = day('to');
  const category = text('category');
  if (category !== null && !CATEGORY_CODE.test(category)) errors.push({ field: 'category', message: 'insights.category_unknown' });

  const to = toGiven ?? today;
  const from = fromGiven ?? `${addMonths(to.slice(0, 7), -11)}-01`;
  if (fromGiven && toGiven && fromGiven > toGiven) errors.push({ field: 'to', message: 'insights.period_invalid' });
  else if (fromGiven && !toGiven && fromGiven > today) errors.push({ field: 'from', message: 'insights.period_invalid' });
  else if (monthsBetween(from, to).length > MAX_MONTHS) errors.push({ field: 'from', message: 'insights.period_too_long', params: { years: MAX_MONTHS / 12 } });

  return { filters: { from, to, category: errors.some((e) => e.field === 'category') ? null : category }, errors };
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one), from 1900 on. */
export function isDay(value: string): boolean {
  return isCalendarDate(value) && Number(value.slice(0, 4)) >= 1900;
}

/** The local day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Every month (YYYY-MM) that the period touches, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) months.push(m);
  return months;
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}
