import { DomainEvent } from '../../../platform/events';
import type { DeadlineKind } from '../sla-policy';

/** A deadline is one working day away: the assignee (or, with none, the supervisors) is reminded. */
export class SlaReminderDue extends DomainEvent<{ caseId: string; caseNumber: string; kind: DeadlineKind; dueAt: string }> {
  static readonly type = 'sla.reminder-due';
}

/**
 * A deadline passed (`escalation` 0), or a breach still lasts three working days after the last
 * notice (`escalation` 1, 2 …). Every supervisor is told, every time.
 */
export class SlaDeadlineBreached extends DomainEvent<{
  breachId: string;
  caseId: string;
  caseNumber: string;
  kind: DeadlineKind;
  dueAt: string;
  escalation: number;
  /** Set when the sweep ran as of another time than now (`sla:sweep --now`): that time. */
  asOf?: string;
}> {
  static readonly type = 'sla.deadline-breached';
}
