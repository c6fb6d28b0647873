import holidays2026 from './seed-data/holidays-2026.json';
import {
  addCalendarDays,
  addWorkingDays,
  deadline,
  receivedAt,
  workingDaysBetween,
  endOfLocalDay,
  isWorkingDay,
  localDate,
  previousWorkingDay,
  reminderTime,
  startOfLocalDay,
  startOfWorkingDayAfter,
  workingDaysLeft,
  WorkingCalendar,
} from './working-days';

const WITA = 'Asia/Makassar'; // UTC+8
const cal: WorkingCalendar = { timeZone: WITA, holidays: new Set(holidays2026.holidays.map((h) => h.date)) };
const plain: WorkingCalendar = { timeZone: WITA, holidays: new Set() };

describe('working days', () => {
  it('knows weekends and holidays', () => {
    expect(isWorkingDay('2026-11-27', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', cal)).toBe(false); // Sunday
    expect(isWorkingDay('2026-03-20', cal)).toBe(false); // cuti bersama Idul Fitri (a Friday)
    expect(isWorkingDay('2026-01-01', cal)).toBe(false);
  });

  it('takes the local date in WITA, not UTC', () => {
    // 23:59 WITA on Friday is 15:59 UTC the same day; 00:30 WITA Saturday is still Friday in UTC.
    expect(localDate(new Date('2026-11-27T15:59:00Z'), WITA)).toBe('2026-11-27');
    expect(localDate(new Date('2026-11-27T16:30:00Z'), WITA)).toBe('2026-11-28');
  });

  it('counts over a weekend', () => {
    expect(addWorkingDays('2026-11-27', 3, plain)).toBe('2026-12-02'); // Fri + 3 = Wed
    expect(addWorkingDays('2026-11-27', 0, plain)).toBe('2026-11-27');
  });

  it('counts a report on a Sunday from Monday', () => {
    expect(addWorkingDays('2026-11-29', 1, plain)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-29', 3, plain)).toBe('2026-12-02');
  });

  it('skips holidays and cuti bersama: a Friday before Nyepi and Idul Fitri', () => {
    // Thu 19 Mar 2026 Nyepi, Fri 20 cuti bersama, Sat 21 + Sun 22 Idul Fitri, Mon 23 + Tue 24 cuti bersama.
    expect(addWorkingDays('2026-03-17', 1, cal)).toBe('2026-03-25');
    expect(addWorkingDays('2026-03-17', 3, cal)).toBe('2026-03-27');
  });

  it('crosses the year end', () => {
    expect(addWorkingDays('2026-12-30', 3, cal)).toBe('2027-01-04'); // Thu 31, (Fri 1 Jan 2027 not in the 2026 table), Mon 4
  });

  it('ends a deadline at the last moment of the local day', () => {
    const received = new Date('2026-11-27T15:59:00Z'); // Friday 23:59 WITA
    expect(deadline(received, 3, plain).toISOString()).toBe('2026-12-02T15:59:59.999Z'); // Wed 23:59:59.999 WITA
    expect(endOfLocalDay('2026-12-02', 'UTC').toISOString()).toBe('2026-12-02T23:59:59.999Z');
  });

  it('says how many working days are left, and how late', () => {
    const due = deadline(new Date('2026-11-27T02:00:00Z'), 3, plain); // Wed 2 Dec
    expect(workingDaysLeft(new Date('2026-11-27T03:00:00Z'), due, plain)).toBe(3);
    expect(workingDaysLeft(new Date('2026-12-02T03:00:00Z'), due, plain)).toBe(0);
    expect(workingDaysLeft(new Date('2026-12-04T03:00:00Z'), due, plain)).toBe(-2);
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays('2026-11-27', -1, plain)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-27', 1.5, plain)).toThrow(RangeError);
  });

  it('starts a local day at midnight WITA', () => {
    expect(startOfLocalDay('2026-12-01', WITA).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('adds calendar days across a year end', () => {
    expect(addCalendarDays('2026-12-15', 30)).toBe('2027-01-14');
  });

  it('finds the working day before a date, over weekends and holidays', () => {
    expect(previousWorkingDay('2026-11-30', cal)).toBe('2026-11-27'); // Monday → Friday
    expect(previousWorkingDay('2026-03-25', cal)).toBe('2026-03-17'); // after Nyepi and Idul Fitri
  });

  it('reminds at the start of the working day before the due day', () => {
    const started = new Date('2026-11-27T06:00:00Z'); // Friday 14:00 WITA
    const due = deadline(started, 3, cal); // Wednesday 2 December, end of day
    expect(reminderTime(started, due, cal).toISOString()).toBe('2026-11-30T16:00:00.000Z'); // Tuesday 00:00 WITA
  });

  it('never reminds before the stage started', () => {
    const started = new Date('2026-11-27T06:00:00Z');
    const due = deadline(started, 1, cal); // Monday
    expect(reminderTime(started, due, cal)).toEqual(started);
  });

  it('escalates three working days later, skipping weekends', () => {
    // Breach noticed Thursday 3 December 00:00 WITA: Fri, Mon, Tue → Tuesday 00:00.
    expect(startOfWorkingDayAfter(new Date('2026-12-02T16:00:00Z'), 3, cal).toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });

  it('starts the clocks of a report received earlier at the start of that day, and of one received today now', () => {
    const now = new Date('2026-11-27T05:30:00Z'); // Friday 13:30 WITA
    expect(receivedAt('2026-11-27', now, WITA)).toEqual(now);
    expect(receivedAt('2026-11-13', now, WITA)).toEqual(new Date('2026-11-12T16:00:00Z')); // 13 Nov 00:00 WITA
    // Ten working days before that Friday: the verification deadline (3 working days) is long past.
    expect(deadline(receivedAt('2026-11-13', now, WITA), 3, cal) < now).toBe(true);
  });

  it('counts working days between two dates as a day-by-day walk would, over weekends, holidays and years', () => {
    const walk = (from: string, to: string) => {
      let n = 0;
      for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d, cal)) n++;
      return n;
    };
    const start = '2025-12-20';
    for (let offset = 0; offset < 40; offset += 3) {
      const from = addCalendarDays(start, offset);
      for (const span of [1, 2, 5, 6, 7, 8, 13, 30, 91, 400]) {
        const to = addCalendarDays(from, span);
        expect([from, to, workingDaysBetween(from, to, cal)]).toEqual([from, to, walk(from, to)]);
      }
    }
  });
});

describe('localDate', () => {
  it('gives what Intl gives, for every quarter hour and zone, across offset changes', () => {
    // Zones with half- and quarter-hour offsets and daylight saving, over days that change offset.
    const zones = ['Asia/Makassar', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe', 'Europe/Berlin', 'Pacific/Chatham', 'America/Sao_Paulo'];
    const days = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01', '2018-11-04', '1995-06-30'];
    const wrong: string[] = [];
    let checked = 0;
    for (const timeZone of zones) {
      const intl = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (const day of days) {
        const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
        // Every 7 minutes 30 seconds over three days: each quarter hour at its start and middle,
        // and the last millisecond before each quarter hour.
        for (let at = start; at < start + 3 * 86_400_000; at += 450_000) {
          for (const t of [at, at - 1]) {
            checked++;
            const mine = localDate(new Date(t), timeZone);
            const theirs = intl.format(new Date(t));
            if (mine !== theirs) wrong.push(`${timeZone} ${new Date(t).toISOString()}: ${mine}, Intl ${theirs}`);
          }
        }
      }
    }
    expect(checked).toBe(zones.length * days.length * 576 * 2);
    expect(wrong).toEqual([]);
  });

  it('gives what Intl gives before 1980, where offsets were not whole quarter hours', () => {
    // Liberia kept −0:44:30 until 1972: 00:20 UTC on 1 May 1970 was still 30 April there.
    expect(localDate(new Date('1970-05-01T00:20:00Z'), 'Africa/Monrovia')).toBe('1970-04-30');
    expect(localDate(new Date('1970-05-01T00:50:00Z'), 'Africa/Monrovia')).toBe('1970-05-01');
  });
});

describe('workingDaysBetween', () => {
  it('answers from the calendar it is given: a new holiday set counts its new holiday', () => {
    const before: WorkingCalendar = { timeZone: WITA, holidays: new Set(['2026-12-25']) };
    expect(workingDaysBetween('2026-12-21', '2026-12-31', before)).toBe(7); // Tue–Thu, Mon–Thu, minus Christmas (Fri)
    expect(workingDaysBetween('2026-12-21', '2026-12-31', before)).toBe(7);
    const after: WorkingCalendar = { timeZone: WITA, holidays: new Set(['2026-12-25', '2026-12-24']) };
    expect(workingDaysBetween('2026-12-21', '2026-12-31', after)).toBe(6);
    expect(workingDaysBetween('2026-12-21', '2026-12-31', before)).toBe(7);
  });
});
