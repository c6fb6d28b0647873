import { errorKind, NotFound } from '../platform/http/domain-error';

export class CaseNotFound extends NotFound.withMessage('cases.not_found') {}

export class AttachmentNotFound extends NotFound.withMessage('cases.attachment_not_found') {}

/** Intake opens only when a supervisor and a custodian hold keys (DESIGN.md §4). */
export class IntakeClosed extends errorKind('intake_closed', 503).withMessage('intake.closed') {}

/** The case's content was destroyed under the retention policy: only its metadata is left. */
export class CasePurged extends errorKind('case_purged', 410).withMessage('cases.purged') {}
