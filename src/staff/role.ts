export enum Role {
  Admin = 'admin',
  Supervisor = 'supervisor',
  Inspector = 'inspector',
  Custodian = 'custodian',
  Auditor = 'auditor',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export function parseRoles(input: string): Role[] | null {
  const roles = input.split(',').map((r) => r.trim()).filter(Boolean);
  if (roles.length === 0 || !roles.every((r) => (ALL_ROLES as string[]).includes(r))) return null;
  return [...new Set(roles)] as Role[];
}
