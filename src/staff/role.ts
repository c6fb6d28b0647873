export enum Role {
  Admin = 'admin',
  Supervisor = 'supervisor',
  Inspector = 'inspector',
  Custodian = 'custodian',
  Auditor = 'auditor',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

/**
 * Roles whose grant through the pages or the API waits for a second admin's confirmation
 * (DESIGN.md §4): each reaches either staff accounts or sealed case keys.
 */
export const CONFIRMED_ROLES: readonly Role[] = [Role.Admin, Role.Supervisor, Role.Custodian];

export function needsConfirmation(role: Role): boolean {
  return CONFIRMED_ROLES.includes(role);
}

/**
 * Custodian is held by no one with another role (DESIGN.md §4): a custodian holds the identity
 * key of every case, so with any other role one person could reach an identity alone.
 */
export function breaksCustodianRule(roles: readonly string[]): boolean {
  return roles.includes(Role.Custodian) && roles.some((r) => r !== Role.Custodian);
}

export function parseRoles(input: string): Role[] | null {
  const roles = input
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length === 0 || !roles.every((r) => (ALL_ROLES as string[]).includes(r))) return null;
  return [...new Set(roles)] as Role[];
}

export interface RolePlan {
  /** The roles held once the change is made. */
  roles: Role[];
  /** Held before and not wanted: removed at once. */
  removed: Role[];
  /** Wanted, not held, and not needing a second admin: given at once. */
  added: Role[];
  /** Wanted, not held, not yet pending, and needing a second admin: proposed. */
  proposed: Role[];
  /** Pending and no longer wanted: the pending grant is withdrawn. */
  withdrawn: Role[];
}

/**
 * What an admin's "these roles" means for a member who holds `held` and has grants `pending`:
 * removals and grants of roles that need no confirmation apply at once; grants of the others wait
 * for a second admin; a pending grant left out of `wanted` is withdrawn.
 */
export function planRoles(held: readonly Role[], pending: readonly Role[], wanted: readonly Role[]): RolePlan {
  const removed = held.filter((r) => !wanted.includes(r));
  const withdrawn = pending.filter((r) => !wanted.includes(r));
  const toAdd = wanted.filter((r) => !held.includes(r) && !pending.includes(r));
  const added = toAdd.filter((r) => !needsConfirmation(r));
  const proposed = toAdd.filter(needsConfirmation);
  const keep = held.filter((r) => wanted.includes(r));
  return { roles: ALL_ROLES.filter((r) => keep.includes(r) || added.includes(r)), removed, added, proposed, withdrawn };
}
