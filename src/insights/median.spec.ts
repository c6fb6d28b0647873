import { medianOfHistogram } from './median';

describe(medianOfHistogram.name, () => {
  it('is null for no observations', () => {
    expect(medianOfHistogram([])).toBeNull();
    expect(medianOfHistogram([{ value: 5, count: 0 }])).toBeNull();
  });

  /** A histogram from [value, count] pairs. */
  const histogram = (...buckets: [number, number][]) => buckets.map(([value, count]) => ({ value, count }));

  it.each([
    ['the middle observation of an odd count, whatever the bucket order (1, 1, 4, 9, 9)', histogram([9, 2], [1, 2], [4, 1]), 4],
    ['the mean of the two middle observations of an even count, as percentile_cont(0.5) (24, 48, 72, 96)', histogram([24, 1], [48, 1], [72, 1], [96, 1]), 60],
    ['the middle pair of an even count when both are in one bucket (2, 2, 2, 10)', histogram([2, 3], [10, 1]), 2],
    ['the middle inside a large bucket', histogram([1, 1], [7, 1000], [100, 1]), 7],
  ])('takes %s', (_what, buckets, median) => {
    expect(medianOfHistogram(buckets)).toBe(median);
  });

  it('agrees with sorting every observation', () => {
    const values = [5, 3, 3, 8, 13, 1, 1, 1, 21, 3, 8];
    const sorted = [...values].sort((a, b) => a - b);
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect(medianOfHistogram([...counts].map(([value, count]) => ({ value, count })))).toBe(sorted[5]);
  });
});
