import { isCalendarDate } from '../../platform/clock/calendar-date';
import type { FieldError } from '../../platform/http/domain-error';

/**
 * The rules of one holiday, shared by the single-entry form, the API and the bulk entry of a
 * year from the government's SKB. The limits are the CHECK constraints of the holidays and
 * holiday_years tables, checked here first so an admin gets a message instead of a failed
 * statement. Pure functions: no clock, no database.
 */
export const HOLIDAY_KINDS = ['national', 'cuti_bersama', 'local'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export const HOLIDAY_NAME = { min: 2, max: 200 } as const;
export const HOLIDAY_SOURCE = { min: 2, max: 300 } as const;
export const HOLIDAY_YEARS = { min: 2000, max: 2200 } as const;
/** An SKB lists about 25 days; far more is a pasted wrong document, not a calendar. */
export const MAX_HOLIDAY_LINES = 100;

/** The stored names, plus the words the SKB itself uses, so a list can be typed as read. */
const KIND_WORDS: Readonly<Record<string, HolidayKind>> = {
  national: 'national',
  nasional: 'national',
  cuti_bersama: 'cuti_bersama',
  cuti: 'cuti_bersama',
  local: 'local',
  lokal: 'local',
};

export interface HolidayEntry {
  date: string;
  kind: HolidayKind;
  name: string;
}

export function holidayKind(word: string): HolidayKind | null {
  return KIND_WORDS[word.trim().toLowerCase()] ?? null;
}

export { isCalendarDate };

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Characters as PostgreSQL's length() counts them, after trimming. */
export function textLength(value: string): number {
  return [...value.trim()].length;
}

/** The field errors of one holiday typed into the form or sent to the API. */
export function holidayErrors(input: { date: string; kind: string; name: string }): FieldError[] {
  const errors: FieldError[] = [];
  const date = input.date.trim();
  if (!isCalendarDate(date)) errors.push({ field: 'date', message: 'holidays.date_invalid' });
  else if (!yearInRange(yearOf(date))) errors.push({ field: 'date', message: 'holidays.year_range', params: HOLIDAY_YEARS });
  if (!holidayKind(input.kind)) errors.push({ field: 'kind', message: 'holidays.kind_invalid' });
  const length = textLength(input.name);
  if (length < HOLIDAY_NAME.min || length > HOLIDAY_NAME.max) errors.push({ field: 'name', message: 'holidays.name_length', params: HOLIDAY_NAME });
  return errors;
}

export function sourceErrors(source: string, field = 'source'): FieldError[] {
  const length = textLength(source);
  return length < HOLIDAY_SOURCE.min || length > HOLIDAY_SOURCE.max ? [{ field, message: 'holidays.source_length', params: HOLIDAY_SOURCE }] : [];
}

export function yearInRange(year: number): boolean {
  return Number.isInteger(year) && year >= HOLIDAY_YEARS.min && year <= HOLIDAY_YEARS.max;
}

export type ParsedHolidayLines = { ok: true; year: number; holidays: HolidayEntry[] } | { ok: false; errors: FieldError[] };

/**
 * Reads a year's list as typed from the SKB, one day a line: `YYYY-MM-DD <kind> <name>`. Blank
 * lines and lines starting with `#` are skipped, so a list can carry its own notes. Every
 * problem is reported with its line number (as the admin sees it in the textarea), all at
 * once, so a list of 25 lines is corrected in one round trip. The year is the first good
 * line's: a list that mixes years is refused, since it replaces exactly one year.
 */
export function parseHolidayLines(text: string, field = 'lines'): ParsedHolidayLines {
  const errors: FieldError[] = [];
  const holidays: HolidayEntry[] = [];
  const firstLineOf = new Map<string, number>();
  let year: number | null = null;
  let count = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) continue;
    if (++count > MAX_HOLIDAY_LINES) {
      errors.push({ field, message: 'holidays.lines_too_many', params: { max: MAX_HOLIDAY_LINES } });
      break;
    }
    const parts = /^(\S+)\s+(\S+)\s+(.+)$/.exec(content);
    if (!parts) {
      errors.push({ field, message: 'holidays.line_format', params: { line } });
      continue;
    }
    const [, date, kindWord, name] = parts;
    const lineErrors: FieldError[] = [];
    if (!isCalendarDate(date)) lineErrors.push({ field, message: 'holidays.line_date', params: { line, value: date } });
    else if (!yearInRange(yearOf(date))) lineErrors.push({ field, message: 'holidays.line_year_range', params: { line, ...HOLIDAY_YEARS } });
    else if (year !== null && yearOf(date) !== year) lineErrors.push({ field, message: 'holidays.line_year_mix', params: { line, year: yearOf(date), first: year } });
    else if (firstLineOf.has(date)) lineErrors.push({ field, message: 'holidays.line_duplicate', params: { line, date, first: firstLineOf.get(date)! } });
    const kind = holidayKind(kindWord);
    if (!kind) lineErrors.push({ field, message: 'holidays.line_kind', params: { line, value: kindWord } });
    const length = textLength(name);
    if (length < HOLIDAY_NAME.min || length > HOLIDAY_NAME.max) lineErrors.push({ field, message: 'holidays.line_name', params: { line, ...HOLIDAY_NAME } });
    if (isCalendarDate(date) && yearInRange(yearOf(date))) {
      year ??= yearOf(date);
      if (!firstLineOf.has(date)) firstLineOf.set(date, line);
    }
    if (lineErrors.length) errors.push(...lineErrors);
    else holidays.push({ date, kind: kind!, name: name.trim() });
  }
  if (count === 0) errors.push({ field, message: 'holidays.lines_empty' });
  if (errors.length) return { ok: false, errors };
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  return { ok: true, year: year!, holidays };
}
