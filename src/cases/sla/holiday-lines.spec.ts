import { hasKey } from '../../platform/i18n/i18n';
import { holidayErrors, holidayKind, MAX_HOLIDAY_LINES, parseHolidayLines } from './holiday-lines';
import './sla-admin.i18n';

/** The messages of a refused list, with their params, in order. */
function problems(text: string) {
  const parsed = parseHolidayLines(text);
  if (parsed.ok) throw new Error('expected the list to be refused');
  return parsed.errors.map((e) => ({ message: e.message, ...e.params }));
}

describe(parseHolidayLines.name, () => {
  it('reads one day a line, with Indonesian kinds, notes and blank lines, sorted by date', () => {
    const parsed = parseHolidayLines(
      [
        '# SKB 2027 (contoh)',
        '2027-03-10  cuti   Cuti bersama Idul Fitri 1448 H ',
        '',
        '2027-01-01 nasional Tahun Baru 2027 Masehi',
        '\t2027-05-03 LOCAL Hari Jadi Kota Kendari',
        '2027-08-17 national Proklamasi Kemerdekaan RI',
        '2027-12-24 cuti_bersama Cuti bersama Natal',
      ].join('\r\n'),
    );
    expect(parsed).toEqual({
      ok: true,
      year: 2027,
      holidays: [
        { date: '2027-01-01', kind: 'national', name: 'Tahun Baru 2027 Masehi' },
        { date: '2027-03-10', kind: 'cuti_bersama', name: 'Cuti bersama Idul Fitri 1448 H' },
        { date: '2027-05-03', kind: 'local', name: 'Hari Jadi Kota Kendari' },
        { date: '2027-08-17', kind: 'national', name: 'Proklamasi Kemerdekaan RI' },
        { date: '2027-12-24', kind: 'cuti_bersama', name: 'Cuti bersama Natal' },
      ],
    });
  });

  it('accepts weekend dates silently: the SKB lists some', () => {
    const parsed = parseHolidayLines('2027-03-28 nasional Hari Paskah'); // a Sunday
    expect(parsed.ok && parsed.holidays).toEqual([{ date: '2027-03-28', kind: 'national', name: 'Hari Paskah' }]);
  });

  it('names the line of a date that does not exist, in the line numbers of the textarea', () => {
    expect(problems('2027-01-01 nasional Tahun Baru\n\n2027-02-30 nasional Tidak ada\n2027-13-01 nasional Bulan 13\n27-1-1 nasional Pendek')).toEqual([
      { message: 'holidays.line_date', line: 3, value: '2027-02-30' },
      { message: 'holidays.line_date', line: 4, value: '2027-13-01' },
      { message: 'holidays.line_date', line: 5, value: '27-1-1' },
    ]);
  });

  it('refuses a list that mixes years, counting from the first dated line', () => {
    expect(problems('# catatan\n2027-01-01 nasional Tahun Baru\n2028-01-01 nasional Tahun Baru berikutnya')).toEqual([{ message: 'holidays.line_year_mix', line: 3, year: 2028, first: 2027 }]);
  });

  it('refuses an unknown kind, naming what was typed', () => {
    expect(problems('2027-01-01 libur Tahun Baru')).toEqual([{ message: 'holidays.line_kind', line: 1, value: 'libur' }]);
  });

  it('refuses a date given twice, naming both lines', () => {
    expect(problems('2027-01-01 nasional Tahun Baru\n2027-08-17 nasional Proklamasi\n2027-01-01 cuti Tahun Baru lagi')).toEqual([
      { message: 'holidays.line_duplicate', line: 3, date: '2027-01-01', first: 1 },
    ]);
  });

  it("refuses a line without a name, a too long name, and a year outside the table's range", () => {
    expect(problems(`2027-01-01 nasional\n2027-01-02 nasional X\n2027-01-03 nasional ${'n'.repeat(201)}\n1999-01-01 nasional Dulu`)).toEqual([
      { message: 'holidays.line_format', line: 1 },
      { message: 'holidays.line_name', line: 2, min: 2, max: 200 },
      { message: 'holidays.line_name', line: 3, min: 2, max: 200 },
      { message: 'holidays.line_year_range', line: 4, min: 2000, max: 2200 },
    ]);
  });

  it('reports every problem of a line and of the list at once', () => {
    expect(problems('2027-02-29 bebas N')).toEqual([
      { message: 'holidays.line_date', line: 1, value: '2027-02-29' },
      { message: 'holidays.line_kind', line: 1, value: 'bebas' },
      { message: 'holidays.line_name', line: 1, min: 2, max: 200 },
    ]);
  });

  it('refuses an empty list and an over-long one', () => {
    expect(problems('')).toEqual([{ message: 'holidays.lines_empty' }]);
    expect(problems('\n  \n# hanya catatan\n')).toEqual([{ message: 'holidays.lines_empty' }]);
    const days = Array.from({ length: MAX_HOLIDAY_LINES + 1 }, (_, i) => new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10));
    expect(problems(days.map((d) => `${d} lokal Libur ${d}`).join('\n'))).toEqual([{ message: 'holidays.lines_too_many', max: MAX_HOLIDAY_LINES }]);
  });

  it('has every message in both languages', () => {
    const keys = ['lines_empty', 'lines_too_many', 'line_format', 'line_date', 'line_year_range', 'line_year_mix', 'line_duplicate', 'line_kind', 'line_name'];
    for (const key of keys) expect(hasKey(`holidays.${key}`)).toBe(true);
  });
});

describe('one holiday', () => {
  it('reads the stored kinds and the Indonesian words, in any case', () => {
    expect(['national', 'Nasional', 'cuti', 'CUTI_BERSAMA', 'lokal', 'local', 'libur'].map(holidayKind)).toEqual(['national', 'national', 'cuti_bersama', 'cuti_bersama', 'local', 'local', null]);
  });

  it('puts each error beside its field', () => {
    expect(holidayErrors({ date: '2027-02-30', kind: 'x', name: ' ' }).map((e) => e.field)).toEqual(['date', 'kind', 'name']);
    expect(holidayErrors({ date: ' 2027-08-17 ', kind: 'national', name: 'Proklamasi' })).toEqual([]);
  });
});
