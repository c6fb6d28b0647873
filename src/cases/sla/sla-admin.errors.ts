import { Conflict, NotFound } from '../../platform/http/domain-error';
import './sla-admin.i18n';

/** The date is already a holiday: one row per date, and the admin should see which one. */
export class HolidayDateTaken extends Conflict {
  constructor(existingName: string) {
    super('holidays.date_taken', { field: 'date', params: { existing: existingName } });
  }
}

export class HolidayNotFound extends NotFound.withMessage('holidays.not_found') {}

/** A year without a single holiday is a list not entered yet, never one to confirm. */
export class NoHolidaysToConfirm extends Conflict {
  constructor(year: number) {
    super('holidays.confirm_empty', { params: { year } });
  }
}
