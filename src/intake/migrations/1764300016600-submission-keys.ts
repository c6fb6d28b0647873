import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Idempotency keys of report submissions (`Idempotency-Key`, CONTRACT.md): a retry with the same
 * key within a day gets the same receipt and files nothing. The key is kept only as a keyed hash;
 * the receipt only encrypted under a key derived from the client's key, so the table alone (or
 * with the deployment secrets) gives no receipt (docs/decisions.md, "Idempotent submissions").
 */
export const SubmissionKeys1764300016600 = sqlMigration('SubmissionKeys1764300016600', {
  up: [
    `
      CREATE TABLE submission_keys (
        key_hash bytea PRIMARY KEY CHECK (length(key_hash) = 32),
        request_hash bytea NOT NULL CHECK (length(request_hash) = 32),
        receipt_sealed bytea NOT NULL,
        submitted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL CHECK (expires_at > submitted_at)
      )`,
    `CREATE INDEX submission_keys_expiry_idx ON submission_keys (expires_at)`,
  ],
  down: [`DROP TABLE submission_keys`],
});
