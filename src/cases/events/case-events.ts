import { DomainEvent } from '../../platform/events';

/** A staff member wrote to the reporter. */
export class ReporterMessageSent extends DomainEvent<{ caseId: string; messageId: string; staffId: string }> {
  static readonly type = 'cases.reporter-message-sent';
}
