import { DomainEvent } from '../../platform/events';

/** A closed case will be destroyed within 30 days unless a supervisor extends its retention. */
export class RetentionExpiryApproaching extends DomainEvent<{ caseId: string; caseNumber: string; retainUntil: string }> {
  static readonly type = 'retention.expiry-approaching';
}

export class RetentionExtended extends DomainEvent<{ caseId: string; extendedBy: string; previousUntil: string; newUntil: string }> {
  static readonly type = 'retention.extended';
}

export class RetentionPolicyChanged extends DomainEvent<{ outcome: string; years: number; previousYears: number; actorId: string }> {
  static readonly type = 'retention.policy-changed';
}
