import { Conflict, errorKind, NotFound, ValidationFailed } from '../platform/http/domain-error';
import './staff-accounts.i18n';

export class StaffMemberNotFound extends NotFound.withMessage('staff.not_found') {}

/**
 * Nobody changes their own roles, OPD or active flag (DESIGN.md §4): an admin who could would
 * widen their own rights alone. `field` is the part of the form that was refused.
 */
export class OwnAccountChangeRefused extends errorKind('own_account_change_refused', 403) {
  constructor(field: 'roles' | 'opd' | 'active', message = 'staff.cannot_change_own_access') {
    super(message, { field });
  }
}

/** Deactivating oneself would lock the admin out mid-task (and could leave no admin at all). */
export class CannotDeactivateSelf extends OwnAccountChangeRefused {
  constructor() {
    super('active', 'staff.cannot_deactivate_self');
  }
}

/** The member gained another role (or custodian) since the grant was proposed. */
export class GrantBreaksCustodianRule extends Conflict.withMessage('staff.custodian_exclusive', { field: 'roles' }) {}

export class RoleGrantNotFound extends NotFound.withMessage('staff.grant_not_found') {}

export class RoleGrantAlreadyDecided extends Conflict.withMessage('staff.grant_already_decided') {}

/** A grant of admin, supervisor or custodian needs a second admin: not the one who proposed it. */
export class SecondAdminRequired extends errorKind('second_admin_required', 403).withMessage('staff.grant_needs_second_admin') {}

/** Without an active admin nobody could manage staff again short of editing the database. */
export class LastActiveAdmin extends Conflict.withMessage('staff.last_admin', { field: 'roles' }) {}

/** An admin changes their own password with the current one; escrow is for others. */
export class CannotResetOwnPassword extends Conflict.withMessage('staff.cannot_reset_self') {}

export class CannotResetOwnTwoFactor extends Conflict.withMessage('staff.cannot_reset_own_2fa') {}

/** The key given is not the escrow private key (or not a key at all). */
export class EscrowKeyRefused extends ValidationFailed {
  constructor(message: 'staff.escrow_key_required' | 'staff.escrow_key_malformed' | 'staff.escrow_key_wrong' | 'staff.escrow_key_or_shares') {
    super([{ field: 'escrow_key', message }]);
  }
}

/** The shares given do not recover the escrow key (see escrow-shares.ts for the errors of each share). */
export class EscrowSharesRefused extends ValidationFailed {
  constructor(message: 'staff.escrow_shares_unusable') {
    super([{ field: 'escrow_shares', message }]);
  }
}

/** The escrow key is right but the member's escrow copy does not open to their key pair. */
export class EscrowRecordUnusable extends Conflict.withMessage('staff.escrow_record_unusable') {}
