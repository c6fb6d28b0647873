import { DomainEvent } from '../../platform/events';

/** A staff member wrote to the reporter. */
export class ReporterMessageSent extends DomainEvent<{ caseId: string; messageId: string; staffId: string }> {
  static readonly type = 'cases.reporter-message-sent';
}

export class CaseAssigned extends DomainEvent<{ caseId: string; inspectorId: string; assignedBy: string; conflictOverridden: boolean }> {
  static readonly type = 'cases.case-assigned';
}

export class CaseUnassigned extends DomainEvent<{ caseId: string; inspectorId: string; unassignedBy: string }> {
  static readonly type = 'cases.case-unassigned';
}

/** An inspector stepped back from a case (conflict of interest, or other reason kept encrypted). */
export class InspectorRecused extends DomainEvent<{ caseId: string; inspectorId: string }> {
  static readonly type = 'cases.inspector-recused';
}

export class CaseStatusChanged extends DomainEvent<{
  caseId: string;
  from: string;
  to: string;
  outcome: string | null;
  track: string | null;
  reopened: boolean;
  changedBy: string;
  at: string;
  /** The status history row of the move (counted once by the statistics however often delivered). */
  moveId?: string;
  /** Clear metadata the statistics count the move by, so they need not read the case. */
  categoryCode?: string;
  submittedAt?: string;
  /** Whether a breach of the completed stage's deadline fell due before the move; null when it completes none. */
  late?: boolean | null;
}> {
  static readonly type = 'cases.status-changed';
}

export class NoteAdded extends DomainEvent<{ caseId: string; noteId: string; staffId: string }> {
  static readonly type = 'cases.note-added';
}

export class IdentityRequested extends DomainEvent<{ requestId: string; caseId: string; requesterId: string }> {
  static readonly type = 'cases.identity-requested';
}

export class IdentityRequestDecided extends DomainEvent<{ requestId: string; caseId: string; requesterId: string; approved: boolean; decidedBy: string }> {
  static readonly type = 'cases.identity-request-decided';
}

export class CasesLinked extends DomainEvent<{ caseId: string; otherCaseId: string; linkedBy: string }> {
  static readonly type = 'cases.cases-linked';
}

/** A supervisor defined, renamed or deleted a label; `label` is the name the inspectorate chose (metadata). */
export class LabelDefined extends DomainEvent<{ labelId: string; label: string; colour: string; action: 'created' | 'renamed' | 'deleted'; actorId: string }> {
  static readonly type = 'cases.label-defined';
}

export class LabelAdded extends DomainEvent<{ caseId: string; labelId: string; label: string; actorId: string }> {
  static readonly type = 'cases.label-added';
}

export class LabelRemoved extends DomainEvent<{ caseId: string; labelId: string; label: string; actorId: string }> {
  static readonly type = 'cases.label-removed';
}
