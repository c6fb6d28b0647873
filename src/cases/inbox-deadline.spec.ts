import holidays2026 from './sla/seed-data/holidays-2026.json';
import { inboxDeadline } from './inbox-deadline';
import { endOfLocalDay, WorkingCalendar } from './sla/working-days';

const WITA = 'Asia/Makassar';
const cal: WorkingCalendar = { timeZone: WITA, holidays: new Set(holidays2026.holidays.map((h) => h.date)) };
const due = (date: string) => endOfLocalDay(date, WITA);

describe(inboxDeadline.name, () => {
  const now = new Date('2026-12-21T02:00:00Z'); // Monday 21 December 2026, 10:00 WITA

  it('counts working days left, skipping weekends and holidays', () => {
    // 24 and 25 December are a holiday and cuti bersama: Tuesday 22, Wednesday 23, Monday 28.
    expect(cal.holidays.has('2026-12-25')).toBe(true);
    expect(inboxDeadline(due('2026-12-28'), null, now, cal)).toEqual({ kind: 'verification', dueAt: due('2026-12-28'), workingDaysLeft: 3, overdue: false });
    expect(inboxDeadline(null, due('2026-12-21'), now, cal)).toMatchObject({ kind: 'investigation', workingDaysLeft: 0, overdue: false });
  });

  it('says how many working days late, and picks the earlier of two clocks', () => {
    expect(inboxDeadline(due('2026-12-16'), due('2027-02-01'), now, cal)).toMatchObject({ kind: 'verification', workingDaysLeft: -3, overdue: true });
    expect(inboxDeadline(due('2027-02-01'), due('2026-12-17'), now, cal)).toMatchObject({ kind: 'investigation', workingDaysLeft: -2, overdue: true });
    expect(inboxDeadline(null, null, now, cal)).toBeNull();
  });
});
