import type { EntityManager } from 'typeorm';

export interface TotpState {
  /** Encrypted (totp-secret-box.ts); set from the start of enrolment, NULL before. */
  secretBox: Buffer | null;
  /** NULL while enrolment is pending: the secret is kept, but sign-in does not ask for a code yet. */
  enrolledAt: Date | null;
  lastStep: number | null;
  recoveryCodesLeft: number;
}

/**
 * The TOTP columns of `staff` and the `staff_recovery_codes` table. Every method takes the
 * caller's EntityManager, so a code is consumed in the same transaction that opens the session.
 * The single-use rules are conditional UPDATEs: of two concurrent sign-ins with one code, the
 * second waits for the first's row lock, re-checks the condition and matches nothing.
 */
export class StaffTotpRepository {
  async findState(m: EntityManager, staffId: string): Promise<TotpState> {
    const rows: { totp_secret: Buffer | null; totp_enrolled_at: Date | null; totp_last_step: string | null; left: number }[] = await m.query(
      `SELECT totp_secret, totp_enrolled_at, totp_last_step,
              (SELECT count(*)::int FROM staff_recovery_codes r WHERE r.staff_id = s.id AND r.used_at IS NULL) AS left
         FROM staff s WHERE s.id = $1`,
      [staffId],
    );
    const row = rows[0];
    if (!row) return { secretBox: null, enrolledAt: null, lastStep: null, recoveryCodesLeft: 0 };
    return {
      secretBox: row.totp_secret,
      enrolledAt: row.totp_enrolled_at,
      lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
      recoveryCodesLeft: row.left,
    };
  }

  /** Keeps a new secret for a member not yet enrolled; false when they enrolled meanwhile. */
  async savePendingSecret(m: EntityManager, staffId: string, secretBox: Buffer, at: Date): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `WITH u AS (UPDATE staff SET totp_secret = $2, totp_last_step = NULL, updated_at = $3
                   WHERE id = $1 AND totp_enrolled_at IS NULL RETURNING 1)
       SELECT * FROM u`,
      [staffId, secretBox, at],
    );
    return rows.length === 1;
  }

  /**
   * Turns the pending secret on, remembering the step of the confirming code (so it cannot be
   * replayed to sign in), and replaces any recovery codes. False when there was nothing pending.
   */
  async confirmEnrolment(m: EntityManager, staffId: string, secretBox: Buffer, step: number, codeHashes: Buffer[], at: Date): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `WITH u AS (UPDATE staff SET totp_enrolled_at = $3, totp_last_step = $4, updated_at = $3
                   WHERE id = $1 AND totp_enrolled_at IS NULL AND totp_secret = $2 RETURNING 1)
       SELECT * FROM u`,
      [staffId, secretBox, at, step],
    );
    if (rows.length !== 1) return false;
    await m.query(`DELETE FROM staff_recovery_codes WHERE staff_id = $1`, [staffId]);
    await m.query(`INSERT INTO staff_recovery_codes (staff_id, code_hash, created_at) SELECT $1, h, $3 FROM unnest($2::bytea[]) AS h`, [staffId, codeHashes, at]);
    return true;
  }

  /** Records a code's step as used; false when that step or a later one was used already. */
  async useStep(m: EntityManager, staffId: string, step: number): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `WITH u AS (UPDATE staff SET totp_last_step = $2
                   WHERE id = $1 AND totp_enrolled_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING 1)
       SELECT * FROM u`,
      [staffId, step],
    );
    return rows.length === 1;
  }

  /** Marks a recovery code used; false when it is unknown or was used already. */
  async useRecoveryCode(m: EntityManager, staffId: string, codeHash: Buffer, at: Date): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `WITH u AS (UPDATE staff_recovery_codes SET used_at = $3
                   WHERE staff_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING 1)
       SELECT * FROM u`,
      [staffId, codeHash, at],
    );
    return rows.length === 1;
  }
}
