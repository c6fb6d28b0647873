import { periodBuckets } from './period-buckets';

describe('periodBuckets', () => {
  it('reads the default twelve months as twelve months, taking away the days after today', () => {
    expect(periodBuckets('2025-12-01', '2026-11-28')).toEqual({
      months: ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01'],
      dayRanges: [{ from: '2026-11-29', to: '2026-11-30', sign: -1 }],
    });
  });

  it('reads a partial month as its days when they are fewer than the days left out, leap days included', () => {
    expect(periodBuckets('2024-02-10', '2024-04-12')).toEqual({
      months: ['2024-02-01', '2024-03-01'],
      dayRanges: [
        { from: '2024-02-01', to: '2024-02-09', sign: -1 },
        { from: '2024-04-01', to: '2024-04-12', sign: 1 },
      ],
    });
  });

  it('takes away days on both sides of a period inside one month', () => {
    expect(periodBuckets('2026-01-03', '2026-01-29')).toEqual({
      months: ['2026-01-01'],
      dayRanges: [
        { from: '2026-01-01', to: '2026-01-02', sign: -1 },
        { from: '2026-01-30', to: '2026-01-31', sign: -1 },
      ],
    });
  });

  it('takes a single day, and a single whole month', () => {
    expect(periodBuckets('2026-06-15', '2026-06-15')).toEqual({ months: [], dayRanges: [{ from: '2026-06-15', to: '2026-06-15', sign: 1 }] });
    expect(periodBuckets('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02-01'], dayRanges: [] });
  });
});
