import { periodBuckets } from './period-buckets';

describe('periodBuckets', () => {
  it('reads whole months as months and the rest as days', () => {
    expect(periodBuckets('2025-12-01', '2026-11-28')).toEqual({
      months: ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01'],
      dayRanges: [['2026-11-01', '2026-11-28']],
    });
  });

  it('splits a period starting and ending inside months, leap days included', () => {
    expect(periodBuckets('2024-02-10', '2024-04-29')).toEqual({ months: ['2024-03-01'], dayRanges: [['2024-02-10', '2024-02-29'], ['2024-04-01', '2024-04-29']] });
  });

  it('takes a single day, and a single whole month', () => {
    expect(periodBuckets('2026-06-15', '2026-06-15')).toEqual({ months: [], dayRanges: [['2026-06-15', '2026-06-15']] });
    expect(periodBuckets('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02-01'], dayRanges: [] });
  });
});
