import { calendarDate, validateReport } from './report-form';

const TODAY = '2026-03-10';
const valid = {
  category: 'pungli',
  title: 'Pungutan KTP di kecamatan',
  description: 'Petugas meminta uang untuk mempercepat pembuatan KTP di loket kecamatan.',
  anonymous: 'yes',
  consent: 'yes',
};

describe(calendarDate.name, () => {
  it('reads ISO and the day/month/year Indonesians write', () => {
    expect(calendarDate('2026-02-28')).toBe('2026-02-28');
    expect(calendarDate('28/02/2026')).toBe('2026-02-28');
    expect(calendarDate('5/3/2026')).toBe('2026-03-05');
    expect(calendarDate('05-03-2026')).toBe('2026-03-05');
    expect(calendarDate('05.03.2026')).toBe('2026-03-05');
  });

  it('refuses days that are not on the calendar and shapes it cannot read', () => {
    for (const bad of ['31/02/2026', '2026-02-30', '29/02/2025', '00/01/2026', '12/13/2026', '2026/03/05', 'kemarin', '03/2026']) {
      expect(calendarDate(bad)).toBeNull();
    }
  });
});

describe(validateReport.name, () => {
  it('stores a DD/MM/YYYY date as ISO', () => {
    expect(validateReport({ ...valid, occurred_on: '17/02/2026' }, TODAY).form?.report.occurredOn).toBe('2026-02-17');
  });

  it('names the date field for an impossible date and keeps what was typed', () => {
    const result = validateReport({ ...valid, occurred_on: '31/02/2026' }, TODAY);
    expect(result.form).toBeUndefined();
    expect(result.errors).toEqual([{ field: 'occurred_on', message: 'report.date_invalid' }]);
    expect(result.raw.occurred_on).toBe('31/02/2026');
  });

  it('refuses a future date written either way', () => {
    expect(validateReport({ ...valid, occurred_on: '11/03/2026' }, TODAY).errors).toEqual([{ field: 'occurred_on', message: 'report.date_in_future' }]);
    expect(validateReport({ ...valid, occurred_on: '2026-03-11' }, TODAY).errors).toEqual([{ field: 'occurred_on', message: 'report.date_in_future' }]);
  });

  it('discards identity fields and asks for no contact when the reporter is anonymous', () => {
    const result = validateReport({ ...valid, reporter_name: 'Budi', reporter_phone: '', reporter_email: '' }, TODAY);
    expect(result.errors).toEqual([]);
    expect(result.form?.identity).toBeNull();
  });
});
