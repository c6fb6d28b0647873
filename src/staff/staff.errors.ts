import { Conflict, errorKind, NotSignedIn, TooManyRequests, ValidationFailed } from '../platform/http/domain-error';

/** One message for unknown e-mail, wrong password and deactivated account: no account probing. */
export class InvalidCredentials extends NotSignedIn.withMessage('auth.invalid_credentials') {}

/**
 * Too many failed sign-ins from this client, or for this typed address from this client. Said the
 * same way whether the address belongs to a member or not.
 */
export class SignInSlowedDown extends TooManyRequests {
  constructor(retryAfterSeconds: number) {
    super('auth.slowed_down', retryAfterSeconds, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  }
}

export class SessionExpired extends NotSignedIn.withMessage('auth.session_expired') {}

export class PasswordChangeRequired extends errorKind('password_change_required', 403).withMessage('auth.password_change_required') {}

export class EmailTaken extends Conflict.withMessage('staff.email_taken', { field: 'email' }) {}

export class WeakPassword extends ValidationFailed {
  constructor(reason: string, params?: Record<string, number>, field = 'password') {
    super([{ field, message: reason, params }]);
  }
}

export class CsrfTokenInvalid extends errorKind('csrf_invalid', 403).withMessage('auth.csrf_invalid') {}
