import { errorKind, NotSignedIn } from '../platform/http/domain-error';

/** One answer for every failed receipt, whatever the reason, so guessing learns nothing. */
export class ReceiptInvalid extends NotSignedIn.withMessage('track.receipt_invalid') {}

export class ReporterSessionExpired extends errorKind('reporter_session_expired', 401).withMessage('track.session_expired') {}

/** An Idempotency-Key already used, within the day, for a report with other fields. */
export class IdempotencyKeyReused extends errorKind('idempotency_key_reused', 409).withMessage('report.idempotency_key_reused', { field: 'Idempotency-Key' }) {}

/** The report form's token names no receipt: never used, or older than its half hour. */
export class SubmissionTokenUnknown extends errorKind('submission_token_unknown', 404).withMessage('receipt.token_unknown') {}

/** A rating is asked for once the case is closed, not before. */
export class FeedbackNotOpen extends errorKind('feedback_not_open', 409).withMessage('feedback.not_closed', { field: 'rating' }) {}

/** Once per case: the first rating stands. */
export class FeedbackAlreadyGiven extends errorKind('feedback_already_given', 409).withMessage('feedback.already_given', { field: 'rating' }) {}
