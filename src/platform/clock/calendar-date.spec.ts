import { isCalendarDate } from './calendar-date';

describe(isCalendarDate.name, () => {
  it.each(['2028-02-29', '2026-12-31', '2027-01-01'])('takes %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each(['2027-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2027-1-01', '2027-01-01T00:00', ''])('refuses "%s"', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});
