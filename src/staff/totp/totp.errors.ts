import { errorKind, ValidationFailed } from '../../platform/http/domain-error';

/**
 * The password was right, and the member has two-factor sign-in, but no code came with it. Told
 * apart from a wrong password on purpose (see AuthService.login): the member must know to add
 * the code, and only someone who already knows the password gets this answer.
 */
export class OtpRequired extends errorKind('otp_required', 401).withMessage('auth.otp_required', { field: 'otp' }) {}

/** The password was right; the code was wrong, out of its time window, or already used. */
export class OtpInvalid extends errorKind('otp_invalid', 401).withMessage('auth.otp_invalid', { field: 'otp' }) {}

/** STAFF_2FA=required and the member has not enrolled: only the enrolment pages are open. */
export class TotpEnrolmentRequired extends errorKind('totp_enrolment_required', 403).withMessage('auth.totp_enrolment_required') {}

export class TotpAlreadyEnrolled extends errorKind('totp_already_enrolled', 409).withMessage('auth.totp_already_enrolled') {}

/** Confirmation without a pending secret, or after another tab started enrolment over. */
export class TotpSetupMissing extends errorKind('totp_setup_missing', 409).withMessage('auth.totp_setup_missing') {}

/** The first code, which proves the app was set up right, did not match. */
export class TotpConfirmationFailed extends ValidationFailed {
  constructor(reason: 'auth.totp_code_required' | 'auth.totp_code_wrong') {
    super([{ field: 'otp', message: reason }]);
  }
}
