import type { FieldError } from '../platform/http/domain-error';
import type { ReportContent, ReporterIdentity } from '../cases';
import { calendarDate } from '../platform/i18n/calendar-date';
import { parseRupiah } from '../platform/i18n/rupiah';

export { calendarDate };

/** Explicit limits, named in the error messages. */
export const LIMITS = {
  title: { min: 5, max: 200 },
  description: { min: 30, max: 20_000 },
  location: 300,
  reportedPersons: 1_000,
  name: 120,
  email: 254,
  maxLoss: 1_000_000_000_000_000,
} as const;

export interface ReportForm {
  categoryCode: string;
  opdCode: string | null;
  report: ReportContent;
  identity: ReporterIdentity | null;
  stripMetadata: boolean;
}

/** The raw fields, as the form re-shows them after an error. */
export type RawReport = Record<string, string>;

const NIP = /^\d{18}$/;
const PHONE = /^(\+62|62|0)8\d{7,12}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a report's fields (from the HTML form, multipart API or JSON API alike) and lists every
 * problem with its field, so the reporter fixes everything in one go. Category and OPD codes are
 * checked against the catalogue by the caller.
 */
export function validateReport(input: Record<string, unknown>, today: string): { form?: ReportForm; raw: RawReport; errors: FieldError[] } {
  const raw: RawReport = {};
  for (const [k, v] of Object.entries(input)) {
    if (typeof v === 'string') raw[k] = v;
    else if (typeof v === 'boolean' || typeof v === 'number') raw[k] = String(v);
  }
  const errors: FieldError[] = [];
  const text = (k: string) => (raw[k] ?? '').replace(/\r\n/g, '\n').trim();
  const optional = (k: string, max: number): string | null => {
    const v = text(k);
    if (v.length > max) errors.push({ field: k, message: 'report.too_long', params: { max } });
    return v || null;
  };

  const categoryCode = text('category');
  if (!categoryCode) errors.push({ field: 'category', message: 'report.category_required' });
  const opdCode = text('opd') || null;

  const title = text('title');
  if (title.length < LIMITS.title.min) errors.push({ field: 'title', message: title ? 'report.title_too_short' : 'report.title_required', params: { min: LIMITS.title.min } });
  else if (title.length > LIMITS.title.max) errors.push({ field: 'title', message: 'report.too_long', params: { max: LIMITS.title.max } });

  const description = text('description');
  if (description.length < LIMITS.description.min) {
    errors.push({ field: 'description', message: description ? 'report.description_too_short' : 'report.description_required', params: { min: LIMITS.description.min } });
  } else if (description.length > LIMITS.description.max) {
    errors.push({ field: 'description', message: 'report.too_long', params: { max: LIMITS.description.max } });
  }

  let occurredOn: string | null = null;
  if (text('occurred_on')) {
    occurredOn = calendarDate(text('occurred_on'));
    if (!occurredOn) errors.push({ field: 'occurred_on', message: 'report.date_invalid' });
    else if (occurredOn > today) errors.push({ field: 'occurred_on', message: 'report.date_in_future' });
  }

  const location = optional('location', LIMITS.location);
  const reportedPersons = optional('reported_persons', LIMITS.reportedPersons);

  const estimatedLoss = parseRupiah(text('estimated_loss'), LIMITS.maxLoss);
  if (estimatedLoss === 'invalid') errors.push({ field: 'estimated_loss', message: 'report.loss_invalid' });

  const anonymousRaw = text('anonymous');
  let anonymous = true;
  if (anonymousRaw === 'yes' || anonymousRaw === 'true') anonymous = true;
  else if (anonymousRaw === 'no' || anonymousRaw === 'false') anonymous = false;
  else errors.push({ field: 'anonymous', message: 'report.anonymous_required' });

  let identity: ReporterIdentity | null = null;
  if (!anonymous) {
    const name = text('reporter_name');
    const nip = text('reporter_nip').replace(/\s/g, '') || null;
    const phone = text('reporter_phone').replace(/[\s-]/g, '') || null;
    const email = text('reporter_email').toLowerCase() || null;
    if (!name) errors.push({ field: 'reporter_name', message: 'report.name_required' });
    else if (name.length > LIMITS.name) errors.push({ field: 'reporter_name', message: 'report.too_long', params: { max: LIMITS.name } });
    if (nip && !NIP.test(nip)) errors.push({ field: 'reporter_nip', message: 'report.nip_invalid' });
    if (phone && !PHONE.test(phone)) errors.push({ field: 'reporter_phone', message: 'report.phone_invalid' });
    if (email && (!EMAIL.test(email) || email.length > LIMITS.email)) errors.push({ field: 'reporter_email', message: 'report.email_invalid' });
    if (!phone && !email) errors.push({ field: 'reporter_phone', message: 'report.contact_required' });
    identity = { name, nip, phone, email };
  }

  if (text('consent') !== 'yes' && text('consent') !== 'true') errors.push({ field: 'consent', message: 'report.consent_required' });
  const stripMetadata = text('strip_metadata') !== 'no' && text('strip_metadata') !== 'false';

  if (errors.length) return { raw, errors };
  return {
    raw,
    errors,
    form: { categoryCode, opdCode, report: { title, description, occurredOn, location, reportedPersons, estimatedLoss: estimatedLoss as number | null }, identity, stripMetadata },
  };
}
