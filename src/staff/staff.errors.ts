import { Conflict, DomainError, NotSignedIn, TooManyRequests, ValidationFailed } from '../platform/http/domain-error';

/** One message for unknown e-mail, wrong password and deactivated account: no account probing. */
export class InvalidCredentials extends NotSignedIn {
  constructor() {
    super('auth.invalid_credentials');
  }
}

export class AccountLocked extends TooManyRequests {
  constructor(minutes: number) {
    super('auth.locked', minutes * 60, { minutes });
  }
}

export class SessionExpired extends NotSignedIn {
  constructor() {
    super('auth.session_expired');
  }
}

export class PasswordChangeRequired extends DomainError {
  readonly code = 'password_change_required';
  readonly status = 403;
  constructor() {
    super('auth.password_change_required');
  }
}

export class EmailTaken extends Conflict {
  constructor() {
    super('staff.email_taken', { field: 'email' });
  }
}

export class WeakPassword extends ValidationFailed {
  constructor(reason: string, params?: Record<string, number>, field = 'password') {
    super([{ field, message: reason, params }]);
  }
}

export class CsrfTokenInvalid extends DomainError {
  readonly code = 'csrf_invalid';
  readonly status = 403;
  constructor() {
    super('auth.csrf_invalid');
  }
}
