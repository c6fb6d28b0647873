import { DomainEvent } from '../../platform/events';

/**
 * A new report arrived (any channel). Metadata only: never content or identity. `recordedBy`:
 * the staff member who took an offline report (phone, letter, in person), absent otherwise.
 */
export class ReportSubmitted extends DomainEvent<{
  caseId: string;
  number: string;
  categoryCode: string;
  opdCode: string | null;
  channel: string;
  anonymous: boolean;
  attachmentCount: number;
  submittedAt: string;
  recordedBy?: string;
  /** An offline report's received-on date (YYYY-MM-DD, local): its SLA clocks started then. */
  receivedOn?: string;
}> {
  static readonly type = 'intake.report-submitted';
}

/** The reporter wrote to the inspectorate from the tracking page. */
export class ReporterMessageAdded extends DomainEvent<{ caseId: string; messageId: string; attachmentCount: number }> {
  static readonly type = 'intake.reporter-message-added';
}
