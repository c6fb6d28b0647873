import { isDay, localDay, monthsBetween, parseStatsFilters } from './stats-filters';

describe(parseStatsFilters.name, () => {
  const today = '2026-11-28';

  it('defaults to the last twelve calendar months up to today, all categories', () => {
    expect(parseStatsFilters({}, today)).toEqual({ filters: { from: '2025-12-01', to: '2026-11-28', category: null }, errors: [] });
    expect(parseStatsFilters({ from: '', to: '  ', category: '' }, today).filters).toEqual({ from: '2025-12-01', to: '2026-11-28', category: null });
  });

  it('ends the default twelve months at a given end, and runs a given start to today', () => {
    expect(parseStatsFilters({ to: '2026-03-15' }, today).filters).toMatchObject({ from: '2025-04-01', to: '2026-03-15' });
    expect(parseStatsFilters({ from: '2026-06-01' }, today).filters).toMatchObject({ from: '2026-06-01', to: today });
  });

  it('takes a period and a category as given', () => {
    expect(parseStatsFilters({ from: '2026-01-01', to: '2026-01-31', category: 'corruption' }, today)).toEqual({
      filters: { from: '2026-01-01', to: '2026-01-31', category: 'corruption' },
      errors: [],
    });
  });

  it('refuses dates that are badly written or do not exist, on their field', () => {
    expect(parseStatsFilters({ from: '01-02-2026', to: '2026-02-30' }, today).errors).toEqual([
      { field: 'from', message: 'insights.date_invalid' },
      { field: 'to', message: 'insights.date_invalid' },
    ]);
    expect(parseStatsFilters({ from: ['2026-01-01', '2026-02-01'] }, today).errors).toEqual([{ field: 'from', message: 'insights.date_invalid' }]);
  });

  it('refuses a start after the end, and a period over ten years', () => {
    expect(parseStatsFilters({ from: '2026-05-02', to: '2026-05-01' }, today).errors).toEqual([{ field: 'to', message: 'insights.period_invalid' }]);
    expect(parseStatsFilters({ from: '2026-12-01' }, today).errors).toEqual([{ field: 'from', message: 'insights.period_invalid' }]);
    expect(parseStatsFilters({ from: '2016-01-01', to: '2026-01-01' }, today).errors).toEqual([{ field: 'from', message: 'insights.period_too_long', params: { years: 10 } }]);
    expect(parseStatsFilters({ from: '2017-01-01', to: '2026-12-31' }, today).errors).toEqual([]);
  });

  it('refuses a category code of the wrong shape (whether one exists is asked of the database)', () => {
    expect(parseStatsFilters({ category: "x'; DROP TABLE cases;--" }, today).errors).toEqual([{ field: 'category', message: 'insights.category_unknown' }]);
  });
});

describe('dates', () => {
  it("knows real days from 1900 on (the calendar rules are isCalendarDate's)", () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('1900-01-01')).toBe(true);
    expect(isDay('1899-12-31')).toBe(false);
  });

  it('reads the local day in the inspectorate time zone', () => {
    expect(localDay(new Date('2026-11-28T16:30:00Z'), 'Asia/Makassar')).toBe('2026-11-29');
    expect(localDay(new Date('2026-11-28T15:59:59Z'), 'Asia/Makassar')).toBe('2026-11-28');
  });

  it('lists the months a period touches', () => {
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03-31', '2026-03-31')).toEqual(['2026-03']);
  });
});
