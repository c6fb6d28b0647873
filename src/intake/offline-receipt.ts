import type { Channel, LetterDetails } from '../cases';
import type { FieldError } from '../platform/http/domain-error';
import { calendarDate } from './report-form';

/** How far back a received-on date may go: older paper belongs in a review, not in the SLA. */
export const RECEIVED_ON_MAX_DAYS_BACK = 365;
export const LETTER_NUMBER_MAX = 100;

/** What staff add when they record a report that came by letter, phone or in person. */
export interface OfflineReceipt {
  /** Local date (YYYY-MM-DD) the inspectorate received it: the SLA clocks start then. */
  receivedOn: string;
  /** Only for letters; null when neither number nor date was written. */
  letter: LetterDetails | null;
}

const DAY_MS = 86_400_000;

/**
 * Checks the offline fields beside the report's own (`received_on`, and for letters
 * `letter_number`, `letter_date`), listing every problem with its field. `today` is the
 * inspectorate's local date. Letter fields sent with another channel are ignored, not stored.
 */
export function validateOfflineReceipt(raw: Record<string, string>, channel: Channel, today: string): { receipt?: OfflineReceipt; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (k: string) => (raw[k] ?? '').trim();
  const earliest = new Date(Date.parse(`${today}T12:00:00Z`) - RECEIVED_ON_MAX_DAYS_BACK * DAY_MS).toISOString().slice(0, 10);

  // The form always sends the field, filled with today: absent means a client that predates it
  // (received today), while a field the officer emptied is asked for again.
  const typed = raw.received_on === undefined ? today : text('received_on');
  const receivedOn = typed ? calendarDate(typed) : null;
  if (!typed) errors.push({ field: 'received_on', message: 'offline.received_on_required' });
  else if (!receivedOn) errors.push({ field: 'received_on', message: 'report.date_invalid' });
  else if (receivedOn > today) errors.push({ field: 'received_on', message: 'offline.received_on_future' });
  else if (receivedOn < earliest) errors.push({ field: 'received_on', message: 'offline.received_on_too_old', params: { days: RECEIVED_ON_MAX_DAYS_BACK } });

  let letter: LetterDetails | null = null;
  if (channel === 'letter') {
    const number = text('letter_number').replace(/\s+/g, ' ') || null;
    if (number && number.length > LETTER_NUMBER_MAX) errors.push({ field: 'letter_number', message: 'report.too_long', params: { max: LETTER_NUMBER_MAX } });
    const date = text('letter_date') ? calendarDate(text('letter_date')) : null;
    if (text('letter_date') && !date) errors.push({ field: 'letter_date', message: 'report.date_invalid' });
    else if (date && date > today) errors.push({ field: 'letter_date', message: 'offline.letter_date_future' });
    else if (date && receivedOn && date > receivedOn) errors.push({ field: 'letter_date', message: 'offline.letter_date_after_received' });
    if (number || date) letter = { number, date };
  }
  if (errors.length || !receivedOn) return { errors };
  return { receipt: { receivedOn, letter }, errors };
}
