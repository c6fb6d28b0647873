import type { EventClass, EventPayload } from '../platform/events';
import { SlaDeadlineBreached, SlaReminderDue } from '../cases/sla/events/sla-events';
import { CaseAssigned, IdentityRequestDecided, IdentityRequested, InspectorRecused } from '../cases/events/case-events';
import { ReportSubmitted, ReporterMessageAdded } from '../intake/events/intake-events';
import { RetentionExpiryApproaching } from '../retention/events/retention-events';
import { AlertRaised } from '../alerts/events/alert-events';
import { WHERE_TO_LOOK } from '../alerts/events/alert-kinds';
// The alert mails' words live with the alerts module; this renders them.
import { StaffMemberCreated, StaffMemberCreatedByOperator, StaffMemberUpdated, StaffRoleGrantConfirmed, StaffRoleGrantProposed, StaffRoleGrantRejected } from '../staff/events/staff-events';

/**
 * Who gets a notice: a role's active members, the active members of any of several roles, the
 * case's assignees, or one staff member.
 */
export type Audience = { role: 'supervisor' | 'custodian' } | { anyRole: ('admin' | 'custodian' | 'supervisor')[] } | { assigneesOf: string; orElse: 'supervisor' } | { staffId: string };

/**
 * What a notice says, without content: a kind, the case (if any), maybe a deadline or the roles
 * concerned, and where to look.
 */
export interface NoticeFacts {
  notice: string;
  /** Absent for notices about staff accounts (role changes). */
  caseId?: string;
  /** Role keys, for notices about role changes. */
  roles?: string[];
  caseNumber?: string;
  dueAt?: string;
  /** The deadline's kind (verification, investigation, feedback), for deadline notices. */
  deadline?: string;
  /** Path under PUBLIC_URL that the mail links to. */
  path: string;
  /** For an alert on unusual activity: when it was seen, its window (start, minutes), the figure and the threshold. */
  alert?: { at: string; from: string; minutes: number; figure: number; threshold: number | null };
}

/**
 * One e-mail rule: on an event, tell an audience. Subscriber names are stable forever (they key
 * each delivery, see EventSubscriber). `urgent` notices are always sent at once; the others wait
 * for the daily digest of staff who chose one.
 */
export interface NoticeRule<P extends EventPayload = EventPayload> {
  subscriber: string;
  event: EventClass<P>;
  urgent: boolean;
  /** When present, the notice is sent only for events it accepts. */
  when?(payload: P): boolean;
  audience(payload: P): Audience;
  facts(payload: P): NoticeFacts;
}

function rule<P extends EventPayload>(r: NoticeRule<P>): NoticeRule {
  return r as unknown as NoticeRule;
}

const casePage = (caseId: string) => `/staff/cases/${caseId}`;

/**
 * Every role change is told to every admin and custodian (DESIGN.md §4): those who would notice
 * a grant that should not have happened. No names, only roles and a link to the staff list.
 */
const ROLE_WATCHERS: Audience = { anyRole: ['admin', 'custodian'] };
const STAFF_LIST = '/staff/admin/staff';

/** A role-change notice: sent at once, to the role watchers, naming only the roles concerned. */
function roleChangeRule<P extends EventPayload>(event: EventClass<P>, notice: string, roles: (p: P) => string[], when?: (p: P) => boolean): NoticeRule {
  return rule<P>({ subscriber: `notifications.mail-${notice}`, event, urgent: true, when, audience: () => ROLE_WATCHERS, facts: (p) => ({ notice, roles: roles(p), path: STAFF_LIST }) });
}

/** DESIGN.md §5 and issue 4: who hears of what. */
export const NOTICE_RULES: readonly NoticeRule[] = [
  rule({
    subscriber: 'notifications.mail-new-report',
    event: ReportSubmitted,
    urgent: false,
    audience: () => ({ role: 'supervisor' }),
    facts: (p) => ({ notice: 'new-report', caseId: p.caseId, caseNumber: p.number, path: casePage(p.caseId) }),
  }),
  rule({
    subscriber: 'notifications.mail-case-assigned',
    event: CaseAssigned,
    urgent: false,
    audience: (p) => ({ staffId: p.inspectorId }),
    facts: (p) => ({ notice: 'case-assigned', caseId: p.caseId, path: casePage(p.caseId) }),
  }),
  // A case may be left without anyone while its deadlines run: the supervisors hear at once.
  rule({
    subscriber: 'notifications.mail-inspector-recused',
    event: InspectorRecused,
    urgent: true,
    audience: () => ({ role: 'supervisor' }),
    facts: (p) => ({ notice: 'inspector-recused', caseId: p.caseId, path: casePage(p.caseId) }),
  }),
  rule({
    subscriber: 'notifications.mail-reporter-message',
    event: ReporterMessageAdded,
    urgent: false,
    audience: (p) => ({ assigneesOf: p.caseId, orElse: 'supervisor' }),
    facts: (p) => ({ notice: 'reporter-message', caseId: p.caseId, path: casePage(p.caseId) }),
  }),
  rule({
    subscriber: 'notifications.mail-identity-requested',
    event: IdentityRequested,
    urgent: false,
    audience: () => ({ role: 'custodian' }),
    facts: (p) => ({ notice: 'identity-requested', caseId: p.caseId, path: '/staff/identity-requests' }),
  }),
  rule({
    subscriber: 'notifications.mail-identity-decided',
    event: IdentityRequestDecided,
    urgent: false,
    audience: (p) => ({ staffId: p.requesterId }),
    facts: (p) => ({ notice: p.approved ? 'identity-approved' : 'identity-refused', caseId: p.caseId, path: casePage(p.caseId) }),
  }),
  rule({
    subscriber: 'notifications.mail-deadline-reminder',
    event: SlaReminderDue,
    urgent: true,
    audience: (p) => ({ assigneesOf: p.caseId, orElse: 'supervisor' }),
    facts: (p) => ({ notice: 'deadline-reminder', caseId: p.caseId, caseNumber: p.caseNumber, dueAt: p.dueAt, deadline: p.kind, path: casePage(p.caseId) }),
  }),
  rule({
    subscriber: 'notifications.mail-deadline-breached',
    event: SlaDeadlineBreached,
    urgent: true,
    audience: () => ({ role: 'supervisor' }),
    facts: (p) => ({
      notice: p.escalation === 0 ? 'deadline-breached' : 'breach-continues',
      caseId: p.caseId,
      caseNumber: p.caseNumber,
      dueAt: p.dueAt,
      deadline: p.kind,
      path: casePage(p.caseId),
    }),
  }),
  roleChangeRule(StaffRoleGrantProposed, 'role-grant-proposed', (p) => [p.role]),
  roleChangeRule(StaffRoleGrantConfirmed, 'role-grant-confirmed', (p) => [p.role]),
  roleChangeRule(StaffRoleGrantRejected, 'role-grant-rejected', (p) => [p.role]),
  roleChangeRule(
    StaffMemberUpdated,
    'roles-changed',
    (p) => p.roles,
    (p) => p.changed.includes('roles'),
  ),
  roleChangeRule(StaffMemberCreated, 'account-created', (p) => p.roles),
  roleChangeRule(StaffMemberCreatedByOperator, 'account-created-by-operator', (p) => p.roles),
  // Issue 16: unusual activity, to everyone who runs the system or its casework; sent at once.
  rule({
    subscriber: 'notifications.mail-alert-raised',
    event: AlertRaised,
    urgent: true,
    audience: () => ({ anyRole: ['admin', 'supervisor'] }),
    facts: (p) => ({
      notice: `alert-${p.alert}`,
      path: WHERE_TO_LOOK[p.alert],
      alert: { at: p.at, from: p.windowStart, minutes: p.windowMinutes, figure: p.figure, threshold: p.threshold },
    }),
  }),
  rule({
    subscriber: 'notifications.mail-retention-expiring',
    event: RetentionExpiryApproaching,
    urgent: false,
    audience: () => ({ role: 'supervisor' }),
    facts: (p) => ({ notice: 'retention-expiring', caseId: p.caseId, caseNumber: p.caseNumber, dueAt: p.retainUntil, path: `/staff/cases/${p.caseId}/retention` }),
  }),
];
