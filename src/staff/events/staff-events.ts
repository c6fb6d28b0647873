import { DomainEvent } from '../../platform/events';

/*
 * Staff account changes made by an admin (DESIGN.md §1, §7: every admin change is audited).
 * Ids, roles and OPD codes only: never a name or an e-mail address, which the outbox would keep
 * in clear. `actorId` is the admin who made the change.
 */

export class StaffMemberCreated extends DomainEvent<{ staffId: string; actorId: string; roles: string[]; opdCode: string | null }> {
  static readonly type = 'staff.member-created';
}

/**
 * An account made with `staff:create` on the server (a direct operator action, CONTRACT.md): no
 * admin made it, so it is recorded as the system's, and admins and custodians are told.
 */
export class StaffMemberCreatedByOperator extends DomainEvent<{ staffId: string; roles: string[]; opdCode: string | null }> {
  static readonly type = 'staff.member-created-by-operator';
}

/** `changed` lists the fields that changed (`name`, `roles`, `opd`), not their values. */
export class StaffMemberUpdated extends DomainEvent<{
  staffId: string;
  actorId: string;
  changed: string[];
  roles: string[];
  previousRoles: string[];
  opdCode: string | null;
  previousOpdCode: string | null;
}> {
  static readonly type = 'staff.member-updated';
}

export class StaffMemberDeactivated extends DomainEvent<{ staffId: string; actorId: string; roles: string[]; endedSessions: number }> {
  static readonly type = 'staff.member-deactivated';
}

export class StaffMemberReactivated extends DomainEvent<{ staffId: string; actorId: string; roles: string[] }> {
  static readonly type = 'staff.member-reactivated';
}

/** A new one-time password through the escrow key; the member's key pair is unchanged. */
export class StaffPasswordReset extends DomainEvent<{ staffId: string; actorId: string; method: 'escrow'; endedSessions: number }> {
  static readonly type = 'staff.password-reset';
}

/** The member's TOTP secret and recovery codes were removed by an admin (lost authenticator). */
export class StaffTwoFactorReset extends DomainEvent<{ staffId: string; actorId: string; endedSessions: number }> {
  static readonly type = 'staff.two-factor-reset';
}

/*
 * Role grants that wait for a second admin (DESIGN.md §4: admin, supervisor, custodian).
 * `actorId` is the admin who proposed, confirmed or rejected; `proposedBy` the one who proposed.
 */

export class StaffRoleGrantProposed extends DomainEvent<{ grantId: string; staffId: string; actorId: string; role: string }> {
  static readonly type = 'staff.role-grant-proposed';
}

/** The second admin confirmed: the role is now held (`roles` after, `previousRoles` before). */
export class StaffRoleGrantConfirmed extends DomainEvent<{
  grantId: string;
  staffId: string;
  actorId: string;
  proposedBy: string;
  role: string;
  roles: string[];
  previousRoles: string[];
}> {
  static readonly type = 'staff.role-grant-confirmed';
}

/** Rejected by another admin, or withdrawn by the proposer (`actorId` = `proposedBy`). */
export class StaffRoleGrantRejected extends DomainEvent<{ grantId: string; staffId: string; actorId: string; proposedBy: string; role: string }> {
  static readonly type = 'staff.role-grant-rejected';
}
