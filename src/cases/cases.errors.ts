import { DomainError, NotFound } from '../platform/http/domain-error';

export class CaseNotFound extends NotFound {
  constructor() {
    super('cases.not_found');
  }
}

export class AttachmentNotFound extends NotFound {
  constructor() {
    super('cases.attachment_not_found');
  }
}

/** Intake opens only when a supervisor and a custodian hold keys (DESIGN.md §4). */
export class IntakeClosed extends DomainError {
  readonly code = 'intake_closed';
  readonly status = 503;
  constructor() {
    super('intake.closed');
  }
}

/** The case's content was destroyed under the retention policy: only its metadata is left. */
export class CasePurged extends DomainError {
  readonly code = 'case_purged';
  readonly status = 410;
  constructor() {
    super('cases.purged');
  }
}
