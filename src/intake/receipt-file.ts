import type { Lang } from '../platform/i18n/i18n';
import { t } from '../platform/i18n/i18n';
import type { Receipt } from './intake.service';

/** The downloadable receipt: plain text, CRLF line ends so any phone's or PC's viewer shows lines. */
export function receiptFile(lang: Lang, receipt: Receipt, trackUrl: string, timeZone: string): string {
  const sent = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(receipt.submittedAt);
  return [
    t(lang, 'receipt.file_title'),
    '',
    `${t(lang, 'receipt.your_receipt')}: ${receipt.receipt}`,
    ...(receipt.number ? [`${t(lang, 'receipt.case_number')}: ${receipt.number}`] : []),
    `${t(lang, 'receipt.file_submitted')}: ${sent} (${timeZone})`,
    '',
    t(lang, 'receipt.card_note', { url: trackUrl }),
    t(lang, 'receipt.file_keep'),
    '',
  ].join('\r\n');
}
