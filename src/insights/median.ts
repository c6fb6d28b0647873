/** One bucket of a histogram: `count` observations of `value`. */
export interface Bucket {
  value: number;
  count: number;
}

/**
 * The median of the observations a histogram holds, as PostgreSQL's percentile_cont(0.5): the
 * middle value, or the mean of the two middle values for an even count. Null when empty.
 *
 * The database sends durations as a histogram (whole hours and how many cases took them) rather
 * than one row per case: a year at a million cases is half a million durations.
 */
export function medianOfHistogram(buckets: readonly Bucket[]): number | null {
  const sorted = buckets.filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  // 0-based positions of the middle observation(s).
  const lower = Math.floor((total - 1) / 2);
  const upper = Math.floor(total / 2);
  return (valueAt(sorted, lower) + valueAt(sorted, upper)) / 2;
}

function valueAt(sorted: readonly Bucket[], position: number): number {
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (position < seen) return b.value;
  }
  throw new Error('position beyond the histogram');
}
