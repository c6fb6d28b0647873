import { HOLIDAY_KINDS, POLICY_LIMITS, type HolidayInput, type SlaPolicyInput } from '../../cases';
import { bodySchema, BodySpec, namedSchema, readBody } from '../../platform/http/body-schema';

/** Every field counts: a missing one is empty, and fails validation. */
export const HOLIDAY_BODY = {
  date: { type: 'string', required: true, example: '2027-08-17', description: 'Local date, YYYY-MM-DD' },
  kind: { type: 'string', required: true, enum: HOLIDAY_KINDS, description: 'Also accepted: nasional, cuti, lokal' },
  name: { type: 'string', required: true, example: 'Proklamasi Kemerdekaan RI', minLength: 2, maxLength: 200 },
} as const satisfies BodySpec;

/** The bulk entry of a year (page only): the SKB's lines and its reference. */
const HOLIDAY_LIST_BODY = { lines: { type: 'string' }, source: { type: 'string' } } as const satisfies BodySpec;
const HOLIDAY_CONFIRMATION_BODY = { year: { type: 'string' }, source: { type: 'string' } } as const satisfies BodySpec;

/** A form sends text, the API numbers: both become text the service checks (1.5 stays "1.5"). */
export const SLA_POLICY_BODY = {
  verification_days: { type: 'integer', required: true, as: 'verificationDays', ...limits('verificationDays'), example: 3, description: 'Working days' },
  complaint_days: { type: 'integer', required: true, as: 'complaintDays', ...limits('complaintDays'), example: 14, description: 'Working days, complaint track' },
  examination_days: { type: 'integer', required: true, as: 'examinationDays', ...limits('examinationDays'), example: 60, description: 'Working days, examination track' },
  feedback_days: { type: 'integer', required: true, as: 'feedbackDays', ...limits('feedbackDays'), example: 30, description: 'Calendar days between updates to the reporter' },
} as const satisfies BodySpec;

export const HOLIDAY_SCHEMA = namedSchema('CreateHolidayDto', bodySchema(HOLIDAY_BODY));
export const SLA_POLICY_SCHEMA = namedSchema('SlaPolicyDto', bodySchema(SLA_POLICY_BODY));

function limits(key: keyof typeof POLICY_LIMITS): { minimum: number; maximum: number } {
  return { minimum: POLICY_LIMITS[key].min, maximum: POLICY_LIMITS[key].max };
}

export function parseHoliday(body: unknown): HolidayInput {
  return readBody(HOLIDAY_BODY, body, 'add');
}

export function parseHolidayList(body: unknown): { lines: string; source: string } {
  return readBody(HOLIDAY_LIST_BODY, body, 'add');
}

export function parseHolidayConfirmation(body: unknown): { year: string; source: string } {
  return readBody(HOLIDAY_CONFIRMATION_BODY, body, 'add');
}

/** Missing is empty ("required"); a value of another type (true, {}) is text that is out of range. */
export function parseSlaPolicy(body: unknown): SlaPolicyInput {
  return readBody(SLA_POLICY_BODY, body, 'add');
}
