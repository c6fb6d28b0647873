import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Two-factor sign-in for staff (TOTP, RFC 6238) with single-use recovery codes.
 *
 * - `staff.totp_secret`: the secret, encrypted under a key derived from the member's private key
 *   (src/staff/totp/totp-secret-box.ts), never in clear: nonce (24) + 20-byte secret + MAC (16).
 *   Set when enrolment starts; `totp_enrolled_at` stays NULL until the first code confirms it,
 *   and only then does sign-in ask for a code.
 * - `staff.totp_last_step`: the 30-second step of the last code accepted; a code of that step or
 *   an earlier one is refused (replay protection).
 * - `staff_recovery_codes`: SHA-256 of each code (with the member's id), `used_at` once used.
 */
export const StaffTotp1764300003000 = sqlMigration('StaffTotp1764300003000', {
  up: [
    `
      ALTER TABLE staff
        ADD COLUMN totp_secret bytea CHECK (length(totp_secret) = 24 + 20 + 16),
        ADD COLUMN totp_enrolled_at timestamptz,
        ADD COLUMN totp_last_step bigint CHECK (totp_last_step >= 0),
        ADD CONSTRAINT staff_totp_enrolled_has_secret CHECK (totp_enrolled_at IS NULL OR totp_secret IS NOT NULL)`,
    `
      CREATE TABLE staff_recovery_codes (
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
        created_at timestamptz NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (staff_id, code_hash)
      )`,
  ],
  down: [
    `DROP TABLE staff_recovery_codes`,
    `
      ALTER TABLE staff
        DROP CONSTRAINT staff_totp_enrolled_has_secret,
        DROP COLUMN totp_last_step,
        DROP COLUMN totp_enrolled_at,
        DROP COLUMN totp_secret`,
  ],
});
