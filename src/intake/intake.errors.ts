import { DomainError, NotSignedIn } from '../platform/http/domain-error';

/** One answer for every failed receipt, whatever the reason, so guessing learns nothing. */
export class ReceiptInvalid extends NotSignedIn {
  constructor() {
    super('track.receipt_invalid');
  }
}

export class ReporterSessionExpired extends DomainError {
  readonly code = 'reporter_session_expired';
  readonly status = 401;
  constructor() {
    super('track.session_expired');
  }
}

/** An Idempotency-Key already used, within the day, for a report with other fields. */
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'idempotency_key_reused';
  readonly status = 409;
  readonly field = 'Idempotency-Key';
  constructor() {
    super('report.idempotency_key_reused');
  }
}

/** The report form's token names no receipt: never used, or older than its half hour. */
export class SubmissionTokenUnknown extends DomainError {
  readonly code = 'submission_token_unknown';
  readonly status = 404;
  constructor() {
    super('receipt.token_unknown');
  }
}

/** A rating is asked for once the case is closed, not before. */
export class FeedbackNotOpen extends DomainError {
  readonly code = 'feedback_not_open';
  readonly status = 409;
  readonly field = 'rating';
  constructor() {
    super('feedback.not_closed');
  }
}

/** Once per case: the first rating stands. */
export class FeedbackAlreadyGiven extends DomainError {
  readonly code = 'feedback_already_given';
  readonly status = 409;
  readonly field = 'rating';
  constructor() {
    super('feedback.already_given');
  }
}
