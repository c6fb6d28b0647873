import { ApiProperty } from '@nestjs/swagger';
import { HOLIDAY_KINDS, type HolidayInput } from '../../cases';
import type { SlaPolicyInput } from '../../cases';
import { POLICY_LIMITS } from '../../cases';
import { asBody, Body, textField } from '../../platform/http/body-fields';

export class CreateHolidayDto {
  @ApiProperty({ example: '2027-08-17', description: 'Local date, YYYY-MM-DD' }) date: string;
  @ApiProperty({ enum: HOLIDAY_KINDS, description: 'Also accepted: nasional, cuti, lokal' }) kind: string;
  @ApiProperty({ example: 'Proklamasi Kemerdekaan RI', minLength: 2, maxLength: 200 }) name: string;
}

export class SlaPolicyDto {
  @ApiProperty({ minimum: POLICY_LIMITS.verificationDays.min, maximum: POLICY_LIMITS.verificationDays.max, example: 3, description: 'Working days' })
  verification_days: number;
  @ApiProperty({ minimum: POLICY_LIMITS.complaintDays.min, maximum: POLICY_LIMITS.complaintDays.max, example: 14, description: 'Working days, complaint track' })
  complaint_days: number;
  @ApiProperty({ minimum: POLICY_LIMITS.examinationDays.min, maximum: POLICY_LIMITS.examinationDays.max, example: 60, description: 'Working days, examination track' })
  examination_days: number;
  @ApiProperty({ minimum: POLICY_LIMITS.feedbackDays.min, maximum: POLICY_LIMITS.feedbackDays.max, example: 30, description: 'Calendar days between updates to the reporter' })
  feedback_days: number;
}

/** Every field counts: a missing one is empty, and fails validation. */
export function parseHoliday(body: unknown): HolidayInput {
  const b = asBody(body);
  return { date: textField(b, 'date', ''), kind: textField(b, 'kind', ''), name: textField(b, 'name', '') };
}

/** The bulk entry of a year: the SKB's lines and its reference. */
export function parseHolidayList(body: unknown): { lines: string; source: string } {
  const b = asBody(body);
  return { lines: textField(b, 'lines', ''), source: textField(b, 'source', '') };
}

export function parseHolidayConfirmation(body: unknown): { year: string; source: string } {
  const b = asBody(body);
  return { year: textField(b, 'year', ''), source: textField(b, 'source', '') };
}

/** A form sends text, the API numbers: both become text the service checks (1.5 stays "1.5"). */
export function parseSlaPolicy(body: unknown): SlaPolicyInput {
  const b = asBody(body);
  return {
    verificationDays: numberText(b, 'verification_days'),
    complaintDays: numberText(b, 'complaint_days'),
    examinationDays: numberText(b, 'examination_days'),
    feedbackDays: numberText(b, 'feedback_days'),
  };
}

/** Missing is empty ("required"); a value of another type (true, {}) is text that is out of range. */
function numberText(b: Body, key: string): string {
  const v = b[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  return '?';
}
