/**
 * Working-day arithmetic for SLA deadlines (DESIGN.md §6): Monday to Friday in the
 * inspectorate's time zone, minus the holiday table. Pure functions, no clock, no database, so
 * every edge (weekends, holidays, year ends, a report at 23:59 or on a Sunday) is unit-tested.
 *
 * Convention: the day a case enters a stage is day 0; a deadline of n working days ends at the
 * last millisecond of the n-th working day after it, local time.
 */
export interface WorkingCalendar {
  timeZone: string;
  /** Local dates (YYYY-MM-DD) that are not working days although they fall on a weekday. */
  holidays: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;

/**
 * When the SLA clocks of a report received on a local date start: the moment it was recorded
 * when that is today, else the first moment of that day. Deadlines count from the local date
 * alone (day 0), so any time of that day gives the same due day; the start of the day keeps a
 * reminder from falling before the stage began.
 */
export function receivedAt(receivedOn: string, now: Date, timeZone: string): Date {
  return receivedOn === localDate(now, timeZone) ? now : startOfLocalDay(receivedOn, timeZone);
}

/** The local calendar date of an instant, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  const ms = at.getTime();
  // Intl formatting was the inbox's largest cost after its crypto (bench/inbox: 25 rows, each a
  // due time and now). Every zone's offset since 1980 is a whole number of quarter hours and
  // changes on a quarter hour, so all instants of one UTC quarter hour share their local date.
  if (!(ms >= QUARTER_HOURS_FROM)) return formatter(timeZone).format(at);
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let date = localDates.get(key);
  if (date === undefined) {
    if (localDates.size >= LOCAL_DATES_KEPT) localDates.clear();
    localDates.set(key, (date = formatter(timeZone).format(at)));
  }
  return date;
}
const QUARTER_HOUR_MS = 15 * 60_000;
const QUARTER_HOURS_FROM = Date.UTC(1980, 0, 1);
const LOCAL_DATES_KEPT = 4096;
const localDates = new Map<string, string>();

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !cal.holidays.has(date);
}

/** The local date n working days after the local date of `start` (n ≥ 0; 0 = that date). */
export function addWorkingDays(startDate: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let date = startDate;
  let left = n;
  // Bounded: even a year of holidays cannot make this loop run away.
  for (let guard = 0; left > 0; guard++) {
    if (guard > 3660) throw new RangeError('no working day found within ten years');
    date = nextDate(date);
    if (isWorkingDay(date, cal)) left--;
  }
  return date;
}

/** When a stage entered at `start` is due after n working days: end of that local day. */
export function deadline(start: Date, n: number, cal: WorkingCalendar): Date {
  return endOfLocalDay(addWorkingDays(localDate(start, cal.timeZone), n, cal), cal.timeZone);
}

/** The local date n calendar days after `date` (for the reporter-feedback clock). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${n}`);
  return new Date(Date.parse(`${date}T12:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The last working day strictly before a local date. */
export function previousWorkingDay(date: string, cal: WorkingCalendar): string {
  let d = date;
  for (let guard = 0; guard <= 3660; guard++) {
    d = previousDate(d);
    if (isWorkingDay(d, cal)) return d;
  }
  throw new RangeError('no working day found within ten years');
}

/**
 * When the assignee is reminded of a deadline: at the start of the last working day before the
 * due day ("one working day before", DESIGN.md §6), never before the stage started.
 */
export function reminderTime(started: Date, due: Date, cal: WorkingCalendar): Date {
  const at = startOfLocalDay(previousWorkingDay(localDate(due, cal.timeZone), cal), cal.timeZone);
  return at < started ? started : at;
}

/** The start of the local day n working days after the local date of `at` (repeat escalations). */
export function startOfWorkingDayAfter(at: Date, n: number, cal: WorkingCalendar): Date {
  return startOfLocalDay(addWorkingDays(localDate(at, cal.timeZone), n, cal), cal.timeZone);
}

/**
 * Working days left before `due` as seen at `now`: 0 on the due day itself, negative when
 * overdue (how many working days late).
 */
export function workingDaysLeft(now: Date, due: Date, cal: WorkingCalendar): number {
  const today = localDate(now, cal.timeZone);
  const dueDay = localDate(due, cal.timeZone);
  if (today === dueDay) return now > due ? -1 : 0;
  const [from, to, sign] = today < dueDay ? [today, dueDay, 1] : [dueDay, today, -1];
  return sign * workingDaysBetween(from, to, cal);
}

/**
 * Working days in (from, to], from < to: weekdays by arithmetic, minus the holidays on weekdays in
 * that range. Constant in the length of the range, so an inbox page of cases a year late costs
 * no more than one of cases due tomorrow (a day-by-day walk cost ~1 ms per case and year).
 */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  // An inbox page asks the same few (today, due day) pairs for every row.
  let known = BETWEEN.get(cal.holidays);
  if (!known) BETWEEN.set(cal.holidays, (known = new Map()));
  const key = `${from}|${to}`;
  let n = known.get(key);
  if (n === undefined) {
    if (known.size >= BETWEEN_KEPT) known.clear();
    known.set(key, (n = countWorkingDays(from, to, cal.holidays)));
  }
  return n;
}
const BETWEEN = new WeakMap<ReadonlySet<string>, Map<string, number>>();
const BETWEEN_KEPT = 4096;

function countWorkingDays(from: string, to: string, holidaySet: ReadonlySet<string>): number {
  const days = Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS);
  const fromWeekday = new Date(`${from}T12:00:00Z`).getUTCDay();
  let count = Math.floor(days / 7) * 5;
  for (let i = 1; i <= days % 7; i++) {
    const weekday = (fromWeekday + i) % 7;
    if (weekday !== 0 && weekday !== 6) count++;
  }
  const holidays = weekdayHolidays(holidaySet);
  return count - (upperBound(holidays, to) - upperBound(holidays, from));
}

/** The holidays that fall on a weekday, sorted: worked out once per holiday set, not per case. */
const WEEKDAY_HOLIDAYS = new WeakMap<ReadonlySet<string>, string[]>();
function weekdayHolidays(holidays: ReadonlySet<string>): string[] {
  let sorted = WEEKDAY_HOLIDAYS.get(holidays);
  if (!sorted) {
    sorted = [...holidays].filter((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())).sort();
    WEEKDAY_HOLIDAYS.set(holidays, sorted);
  }
  return sorted;
}

/** How many of the sorted dates are ≤ date. */
function upperBound(sorted: readonly string[], date: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last millisecond of a local date, as an instant. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const nextMidnightUtcGuess = Date.parse(`${nextDate(date)}T00:00:00Z`);
  // The zone's offset at that moment (no DST in Indonesia, but TZ_NAME is configurable).
  const offset = offsetMs(new Date(nextMidnightUtcGuess), timeZone);
  return new Date(nextMidnightUtcGuess - offset - 1);
}

/** The first millisecond of a local date, as an instant. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return new Date(endOfLocalDay(previousDate(date), timeZone).getTime() + 1);
}

function previousDate(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Local time minus UTC at an instant, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = partsFormatter(timeZone).formatToParts(at);
  const v = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(v('year'), v('month') - 1, v('day'), v('hour') % 24, v('minute'), v('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsFormatters.set(timeZone, f);
  }
  return f;
}
