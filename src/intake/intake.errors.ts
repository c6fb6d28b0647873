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
