import { DomainEvent } from '../../../platform/events';

/** What an admin did to a year's holidays. */
export type HolidaysChange = 'added' | 'removed' | 'replaced' | 'confirmed';

/**
 * An admin changed the working-day calendar. Deadlines computed from now on follow it; running
 * ones keep their due time. `source` is the SKB reference of a replaced or confirmed year.
 */
export class HolidaysChanged extends DomainEvent<{ year: number; actorId: string; change: HolidaysChange; dates: string[]; source?: string }> {
  static readonly type = 'sla.holidays-changed';
}

/** An admin set a category's SLA policy (`set`) or returned it to the default (`reset`); the values are the effective ones. */
export class SlaPolicyChanged extends DomainEvent<{
  categoryCode: string;
  actorId: string;
  change: 'set' | 'reset';
  verificationDays: number;
  complaintDays: number;
  examinationDays: number;
  feedbackDays: number;
}> {
  static readonly type = 'sla.policy-changed';
}
