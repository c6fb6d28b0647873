import { monthsBetween } from '../stats-filters';

/** A period of local days as the counts table stores it: whole months, plus or minus some days. */
export interface PeriodBuckets {
  /** First days (YYYY-MM-01) of the months read whole. */
  months: string[];
  /**
   * Inclusive ranges of days (YYYY-MM-DD) to add (+1) or, for a month read whole though the
   * period covers only part of it, to take away (-1).
   */
  dayRanges: { from: string; to: string; sign: 1 | -1 }[];
}

/**
 * Splits a period into month rows and day rows, reading as few rows as it can: a month the period
 * covers wholly is one row per key; a partial month is its days, or the whole month minus the
 * days left out when those are fewer. The default period (twelve months up to today) thus reads
 * twelve month rows and takes away the days after today, which hold nothing yet.
 */
export function periodBuckets(from: string, to: string): PeriodBuckets {
  const months: string[] = [];
  const dayRanges: PeriodBuckets['dayRanges'] = [];
  for (const month of monthsBetween(from, to)) {
    const first = `${month}-01`;
    const last = lastDayOf(month);
    const start = from > first ? from : first;
    const end = to < last ? to : last;
    const inside = dayNumber(end) - dayNumber(start) + 1;
    const total = dayNumber(last) - dayNumber(first) + 1;
    if (inside === total) months.push(first);
    else if (total - inside < inside) {
      months.push(first);
      if (start > first) dayRanges.push({ from: first, to: shift(start, -1), sign: -1 });
      if (end < last) dayRanges.push({ from: shift(end, 1), to: last, sign: -1 });
    } else dayRanges.push({ from: start, to: end, sign: 1 });
  }
  return { months, dayRanges };
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return shift(`${month}-01`, new Date(Date.UTC(y, m, 0)).getUTCDate() - 1);
}

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
