import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../platform/clock/clock';
import type { CryptoService } from '../../platform/crypto';
import { newRecoveryCodes, normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes';
import type { StaffTotpRepository } from './staff-totp.repository';
import { matchTotpCode, newTotpSecret, normaliseTotpCode, otpauthUri, totpSecretBase32 } from './totp-code';
import { openTotpSecret, sealTotpSecret } from './totp-secret-box';
import { OtpInvalid, OtpRequired, TotpAlreadyEnrolled, TotpConfirmationFailed, TotpSetupMissing } from './totp.errors';

export interface TotpSetup {
  /** Base32, for typing into an app by hand. */
  secret: string;
  otpauthUri: string;
}

export type TotpStatus = { enrolled: true; enrolledAt: Date; recoveryCodesLeft: number } | { enrolled: false };

/** What sign-in needs to know about a member's second factor (from their staff row). */
export interface SignInTotp {
  staffId: string;
  secretBox: Buffer | null;
  enrolledAt: Date | null;
  lastStep: number | null;
}

/**
 * TOTP enrolment and the second factor at sign-in. Every use of the secret needs the member's
 * private key (totp-secret-box.ts): AuthService passes it in, from the password unwrap at
 * sign-in or from the session afterwards, and wipes it.
 */
export class TwoFactorService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: StaffTotpRepository,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks and consumes the code sent with a sign-in, inside the transaction that opens the
   * session. A TOTP code is accepted once (its step is recorded), a recovery code once (marked
   * used). Members not enrolled pass without a code, whatever they sent.
   */
  async verifyAtSignIn(m: EntityManager, member: SignInTotp, privateKey: Buffer, otp: string | undefined): Promise<void> {
    if (!member.enrolledAt || !member.secretBox) return;
    const input = otp?.trim() ?? '';
    if (!input) throw new OtpRequired();
    const code = normaliseTotpCode(input);
    if (code) {
      const secret = openTotpSecret(this.crypto, privateKey, member.staffId, member.secretBox);
      const step = matchTotpCode(secret, code, this.clock.now(), member.lastStep);
      this.crypto.wipe(secret);
      if (step === null || !(await this.repo.useStep(m, member.staffId, step))) throw new OtpInvalid();
      return;
    }
    const recovery = normaliseRecoveryCode(input);
    if (!recovery || !(await this.repo.useRecoveryCode(m, member.staffId, recoveryCodeHash(member.staffId, recovery), this.clock.now()))) {
      throw new OtpInvalid();
    }
  }

  async status(staffId: string): Promise<TotpStatus> {
    const state = await this.repo.findState(this.db.manager, staffId);
    return state.enrolledAt ? { enrolled: true, enrolledAt: state.enrolledAt, recoveryCodesLeft: state.recoveryCodesLeft } : { enrolled: false };
  }

  /**
   * Starts enrolment, or — with `restart: false`, for the page that a member may reload after
   * scanning — shows the one already pending, so a reload does not invalidate what the app holds.
   */
  async beginEnrolment(staffId: string, email: string, privateKey: Buffer, opts: { restart: boolean }): Promise<TotpSetup> {
    const state = await this.repo.findState(this.db.manager, staffId);
    if (state.enrolledAt) throw new TotpAlreadyEnrolled();
    let secret: Buffer | null = null;
    if (!opts.restart && state.secretBox) {
      try {
        secret = openTotpSecret(this.crypto, privateKey, staffId, state.secretBox);
      } catch {
        secret = null; // unreadable (e.g. the row was tampered with): start over
      }
    }
    if (!secret) {
      secret = newTotpSecret();
      const saved = await this.repo.savePendingSecret(this.db.manager, staffId, sealTotpSecret(this.crypto, privateKey, staffId, secret), this.clock.now());
      if (!saved) throw new TotpAlreadyEnrolled();
    }
    try {
      return { secret: totpSecretBase32(secret), otpauthUri: otpauthUri(secret, email) };
    } finally {
      this.crypto.wipe(secret);
    }
  }

  /**
   * Turns two-factor sign-in on once the app shows the right code, and returns the recovery
   * codes: the only time they exist outside the member's hands.
   */
  async confirmEnrolment(staffId: string, privateKey: Buffer, otp: string, alsoInTransaction?: (m: EntityManager) => Promise<void>): Promise<{ recoveryCodes: string[] }> {
    const state = await this.repo.findState(this.db.manager, staffId);
    if (state.enrolledAt) throw new TotpAlreadyEnrolled();
    if (!state.secretBox) throw new TotpSetupMissing();
    const input = otp.trim();
    if (!input) throw new TotpConfirmationFailed('auth.totp_code_required');
    const code = normaliseTotpCode(input);
    const secret = openTotpSecret(this.crypto, privateKey, staffId, state.secretBox);
    const step = code ? matchTotpCode(secret, code, this.clock.now(), null) : null;
    this.crypto.wipe(secret);
    if (step === null) throw new TotpConfirmationFailed('auth.totp_code_wrong');

    const recoveryCodes = newRecoveryCodes();
    const hashes = recoveryCodes.map((c) => recoveryCodeHash(staffId, normaliseRecoveryCode(c)!));
    const secretBox = state.secretBox;
    // The audit entry (from the caller) commits with the enrolment, or neither does.
    const confirmed = await this.db.transaction(async (m) => {
      const done = await this.repo.confirmEnrolment(m, staffId, secretBox, step, hashes, this.clock.now());
      if (done && alsoInTransaction) await alsoInTransaction(m);
      return done;
    });
    if (!confirmed) throw new TotpSetupMissing();
    return { recoveryCodes };
  }
}
