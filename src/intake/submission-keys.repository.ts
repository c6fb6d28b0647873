import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface SubmissionKeyRow {
  requestHash: Buffer;
  receiptSealed: Buffer;
  submittedAt: Date;
}

/** Expired keys removed per submission that records one: the table stays a day's worth. */
const PURGE_BATCH = 100;

/** The submission_keys table (see its migration). */
@Injectable()
export class SubmissionKeysRepository {
  async find(m: EntityManager, lookup: Buffer, now: Date): Promise<SubmissionKeyRow | null> {
    const [row]: { request_hash: Buffer; receipt_sealed: Buffer; submitted_at: Date }[] = await m.query(
      `SELECT request_hash, receipt_sealed, submitted_at FROM submission_keys WHERE key_hash = $1 AND expires_at > $2`,
      [lookup, now],
    );
    return row ? { requestHash: row.request_hash, receiptSealed: row.receipt_sealed, submittedAt: row.submitted_at } : null;
  }

  /**
   * In the submission's transaction. False when the key is taken (a retry racing this one, which
   * committed first): the caller rolls back its report and answers with the other's receipt.
   */
  async record(m: EntityManager, lookup: Buffer, row: SubmissionKeyRow, expiresAt: Date): Promise<boolean> {
    await m.query(`DELETE FROM submission_keys WHERE key_hash IN (SELECT key_hash FROM submission_keys WHERE expires_at <= $1 LIMIT ${PURGE_BATCH})`, [row.submittedAt]);
    // An expired row for the same key may remain: it is replaced.
    const inserted: unknown[] = await m.query(
      `INSERT INTO submission_keys (key_hash, request_hash, receipt_sealed, submitted_at, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key_hash) DO UPDATE SET request_hash = EXCLUDED.request_hash, receipt_sealed = EXCLUDED.receipt_sealed,
         submitted_at = EXCLUDED.submitted_at, expires_at = EXCLUDED.expires_at
       WHERE submission_keys.expires_at <= EXCLUDED.submitted_at
       RETURNING 1`,
      [lookup, row.requestHash, row.receiptSealed, row.submittedAt, expiresAt],
    );
    return inserted.length === 1;
  }
}
