import { medianOfHistogram } from './median';

describe(medianOfHistogram.name, () => {
  it('is null for no observations', () => {
    expect(medianOfHistogram([])).toBeNull();
    expect(medianOfHistogram([{ value: 5, count: 0 }])).toBeNull();
  });

  it('takes the middle observation of an odd count, whatever the bucket order', () => {
    // 1, 1, 4, 9, 9 → 4
    expect(
      medianOfHistogram([
        { value: 9, count: 2 },
        { value: 1, count: 2 },
        { value: 4, count: 1 },
      ]),
    ).toBe(4);
  });

  it('averages the two middle observations of an even count (as percentile_cont(0.5))', () => {
    // 24, 48, 72, 96 → 60
    expect(medianOfHistogram([24, 48, 72, 96].map((value) => ({ value, count: 1 })))).toBe(60);
    // 2, 2, 2, 10 → 2
    expect(
      medianOfHistogram([
        { value: 2, count: 3 },
        { value: 10, count: 1 },
      ]),
    ).toBe(2);
  });

  it('finds the middle inside a large bucket', () => {
    expect(
      medianOfHistogram([
        { value: 1, count: 1 },
        { value: 7, count: 1000 },
        { value: 100, count: 1 },
      ]),
    ).toBe(7);
  });

  it('agrees with sorting every observation', () => {
    const values = [5, 3, 3, 8, 13, 1, 1, 1, 21, 3, 8];
    const sorted = [...values].sort((a, b) => a - b);
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect(medianOfHistogram([...counts].map(([value, count]) => ({ value, count })))).toBe(sorted[5]);
  });
});
