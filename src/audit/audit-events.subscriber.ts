import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventSubscriber, StoredEvent } from '../platform/events';

/** Only the static `type` of an event class matters here. */
type Typed = { readonly type: string };
import { AlertRaised } from '../alerts/events/alert-events';
import {
  CaseAssigned,
  CasesLinked,
  CaseStatusChanged,
  CaseUnassigned,
  IdentityRequestDecided,
  IdentityRequested,
  InspectorRecused,
  LabelAdded,
  LabelDefined,
  LabelRemoved,
  NoteAdded,
  ReporterMessageSent,
} from '../cases/events/case-events';
import { SlaDeadlineBreached } from '../cases/sla/events/sla-events';
import { HolidaysChanged, SlaPolicyChanged } from '../cases/sla/events/sla-rules-events';
import { CategoryChanged, OpdChanged, QuestionChanged } from '../catalog/events/catalog-events';
import { BrandingChanged } from '../branding';
import { ReportSubmitted, ReporterMessageAdded } from '../intake/events/intake-events';
import { RetentionExpiryApproaching, RetentionExtended, RetentionPolicyChanged } from '../retention/events/retention-events';
import {
  StaffMemberCreated,
  StaffMemberCreatedByOperator,
  StaffMemberDeactivated,
  StaffMemberReactivated,
  StaffMemberUpdated,
  StaffPasswordReset,
  StaffRoleGrantConfirmed,
  StaffRoleGrantProposed,
  StaffRoleGrantRejected,
  StaffTwoFactorReset,
} from '../staff/events/staff-events';
import { AuditActor, AuditService } from './audit.service';

/** The payload field naming the staff member who acted, per event type. */
const ACTED_BY: ReadonlyArray<[Typed, string]> = [
  [CaseAssigned, 'assignedBy'],
  [CaseUnassigned, 'unassignedBy'],
  [InspectorRecused, 'inspectorId'],
  [CaseStatusChanged, 'changedBy'],
  [NoteAdded, 'staffId'],
  [ReporterMessageSent, 'staffId'],
  [IdentityRequested, 'requesterId'],
  [IdentityRequestDecided, 'decidedBy'],
  [CasesLinked, 'linkedBy'],
  [LabelDefined, 'actorId'],
  [LabelAdded, 'actorId'],
  [LabelRemoved, 'actorId'],
  [StaffMemberCreated, 'actorId'],
  [StaffMemberUpdated, 'actorId'],
  [StaffMemberDeactivated, 'actorId'],
  [StaffMemberReactivated, 'actorId'],
  [StaffPasswordReset, 'actorId'],
  [StaffTwoFactorReset, 'actorId'],
  [StaffRoleGrantProposed, 'actorId'],
  [StaffRoleGrantConfirmed, 'actorId'],
  [StaffRoleGrantRejected, 'actorId'],
  [CategoryChanged, 'actorId'],
  [OpdChanged, 'actorId'],
  [QuestionChanged, 'actorId'],
  [BrandingChanged, 'actorId'],
  [HolidaysChanged, 'actorId'],
  [SlaPolicyChanged, 'actorId'],
  [RetentionExtended, 'extendedBy'],
  [RetentionPolicyChanged, 'actorId'],
  // Offline reports name the staff member who took them; reports from the web have no actor.
  [ReportSubmitted, 'recordedBy'],
];
/** Done by the reporter: recorded without anything about them. */
const BY_REPORTER: readonly Typed[] = [ReportSubmitted, ReporterMessageAdded];
/** Done by the system itself. */
const BY_SYSTEM: readonly Typed[] = [SlaDeadlineBreached, RetentionExpiryApproaching, StaffMemberCreatedByOperator, AlertRaised];

/**
 * State changes reach the audit log through their events (DESIGN.md §7): one entry per event,
 * named after it, with its payload as detail (payloads are clear metadata by rule, checked at
 * publishing). Idempotent like every subscriber, so an event is recorded once.
 */
@Injectable()
export class AuditEventsSubscriber implements EventSubscriber {
  readonly name = 'audit.record-state-changes';
  readonly events = [...new Set([...ACTED_BY.map(([c]) => c.type), ...BY_REPORTER.map((c) => c.type), ...BY_SYSTEM.map((c) => c.type)])];
  private readonly actorField = new Map(ACTED_BY.map(([c, f]) => [c.type, f]));

  constructor(private readonly audit: AuditService) {}

  async handle(event: StoredEvent, m: EntityManager): Promise<void> {
    const payload = event.payload as Record<string, unknown>;
    const field = this.actorField.get(event.type);
    const actorId = field ? payload[field] : undefined;
    const actor: AuditActor = typeof actorId === 'string' ? { type: 'staff', id: actorId } : BY_REPORTER.some((c) => c.type === event.type) ? { type: 'reporter' } : { type: 'system' };
    const caseId = typeof payload.caseId === 'string' ? payload.caseId : null;
    const detail = Object.fromEntries(Object.entries(payload).filter(([k]) => k !== 'caseId' && k !== field));
    await this.audit.record(m, { actor, action: event.type, caseId, detail: { ...detail, eventId: event.id }, at: event.occurredAt });
  }
}
