import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface FeedbackRow {
  rating: number;
  commentSealed: Buffer | null;
  givenAt: Date;
}

/** The reporter_feedback table (see its migration): one row per case, never changed. */
@Injectable()
export class ReporterFeedbackRepository {
  async findForCase(m: EntityManager, caseId: string): Promise<FeedbackRow | null> {
    const [row]: { rating: number; comment_sealed: Buffer | null; given_at: Date }[] = await m.query(`SELECT rating, comment_sealed, given_at FROM reporter_feedback WHERE case_id = $1`, [caseId]);
    return row ? { rating: row.rating, commentSealed: row.comment_sealed, givenAt: row.given_at } : null;
  }

  /** False when the case was already rated (the primary key decides two tries racing). */
  async recordOnce(m: EntityManager, caseId: string, row: FeedbackRow): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO reporter_feedback (case_id, rating, comment_sealed, given_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) DO NOTHING RETURNING 1`,
      [caseId, row.rating, row.commentSealed, row.givenAt],
    );
    return inserted.length === 1;
  }
}
