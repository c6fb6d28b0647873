import type { Role } from './role';

/** The signed-in staff member as the rest of the app sees them (from the session guard). */
export interface StaffRef {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  language: 'id' | 'en';
  sessionId: string;
  mustChangePassword: boolean;
  /** STAFF_2FA=required and no TOTP enrolled yet: only enrolment (and sign-out) is open. */
  totpEnrolmentPending: boolean;
  /** Only in memory for this request: unwraps the session's copy of the private key. */
  sessionKey: Buffer;
  privateKeyWrapped: Buffer;
  /** How the request was authenticated: cookie requests need a CSRF token on writes. */
  via: 'cookie' | 'bearer';
}

export function hasRole(me: StaffRef, ...roles: Role[]): boolean {
  return roles.some((r) => me.roles.includes(r));
}
