import { validateOfflineReceipt } from './offline-receipt';

const TODAY = '2026-11-27';
const fields = (errors: { field: string; message: string }[]) => errors.map((e) => `${e.field}:${e.message}`);

describe(validateOfflineReceipt.name, () => {
  it('takes a received-on date in the past, in either written form, and the letter number and date', () => {
    expect(validateOfflineReceipt({ received_on: '13/11/2026', letter_number: ' 700/123/INSP ', letter_date: '2026-11-10' }, 'letter', TODAY)).toEqual({
      receipt: { receivedOn: '2026-11-13', letter: { number: '700/123/INSP', date: '2026-11-10' } },
      errors: [],
    });
    expect(validateOfflineReceipt({ received_on: TODAY }, 'letter', TODAY).receipt).toEqual({ receivedOn: TODAY, letter: null });
  });

  it('takes today when a client does not send the field at all (the form always does)', () => {
    expect(validateOfflineReceipt({}, 'phone', TODAY)).toEqual({ receipt: { receivedOn: TODAY, letter: null }, errors: [] });
  });

  it('ignores letter fields for a phone call or a visit', () => {
    expect(validateOfflineReceipt({ received_on: TODAY, letter_number: '1/2026', letter_date: 'x' }, 'phone', TODAY)).toEqual({ receipt: { receivedOn: TODAY, letter: null }, errors: [] });
  });

  it('refuses a missing, unreadable, future or too old received-on date', () => {
    expect(fields(validateOfflineReceipt({ received_on: ' ' }, 'phone', TODAY).errors)).toEqual(['received_on:offline.received_on_required']);
    expect(fields(validateOfflineReceipt({ received_on: '31/02/2026' }, 'phone', TODAY).errors)).toEqual(['received_on:report.date_invalid']);
    expect(fields(validateOfflineReceipt({ received_on: '2026-11-28' }, 'phone', TODAY).errors)).toEqual(['received_on:offline.received_on_future']);
    expect(fields(validateOfflineReceipt({ received_on: '2025-11-26' }, 'phone', TODAY).errors)).toEqual(['received_on:offline.received_on_too_old']);
    expect(validateOfflineReceipt({ received_on: '2025-11-27' }, 'phone', TODAY).errors).toEqual([]);
  });

  it('refuses a letter dated in the future or after it arrived, and a number too long', () => {
    expect(fields(validateOfflineReceipt({ received_on: '2026-11-20', letter_date: '2026-11-21' }, 'letter', TODAY).errors)).toEqual(['letter_date:offline.letter_date_after_received']);
    expect(fields(validateOfflineReceipt({ received_on: '2026-11-20', letter_date: '2026-12-01' }, 'letter', TODAY).errors)).toEqual(['letter_date:offline.letter_date_future']);
    expect(fields(validateOfflineReceipt({ received_on: '2026-11-20', letter_number: 'x'.repeat(101) }, 'letter', TODAY).errors)).toEqual(['letter_number:report.too_long']);
  });
});
