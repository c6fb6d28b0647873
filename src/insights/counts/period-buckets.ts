import { monthsBetween } from '../stats-filters';

/** A period of local days as the counts table stores it: whole months, and the days of partial months. */
export interface PeriodBuckets {
  /** First days (YYYY-MM-01) of the months wholly inside the period. */
  months: string[];
  /** Inclusive ranges of days (YYYY-MM-DD) in months the period only partly covers: at most two. */
  dayRanges: [string, string][];
}

/**
 * Splits a period into month rows and day rows, so a year reads twelve month buckets and the
 * days of at most two partial months, not 365 day buckets.
 */
export function periodBuckets(from: string, to: string): PeriodBuckets {
  const months: string[] = [];
  const dayRanges: [string, string][] = [];
  for (const month of monthsBetween(from, to)) {
    const first = `${month}-01`;
    const last = lastDayOf(month);
    const start = from > first ? from : first;
    const end = to < last ? to : last;
    if (start === first && end === last) months.push(first);
    else dayRanges.push([start, end]);
  }
  return { months, dayRanges };
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}
