import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What the reporter's page shows of their case, read as it marks the messages read. */
export interface ReporterCaseRow {
  status: string;
  outcome: string | null;
  /** Sealed with the case content key; the caller opens it. */
  closingSummarySealed: Buffer | null;
  categoryCode: string;
  submittedAt: Date;
  /** When the reporter last read the case before this read: which replies are new. */
  previousReadAt: Date | null;
}

/**
 * The columns of `cases` the reporter's channel (intake) reads and writes: the reporter's read
 * mark and the status their rating depends on. Cases owns the table; intake asks here.
 */
@Injectable()
export class ReporterCaseRepository {
  /** The reporter's view of the case, moving their read mark to `now` in the same statement. */
  async readAsReporter(m: EntityManager, caseId: string, now: Date): Promise<ReporterCaseRow> {
    const [c]: { status: string; outcome: string | null; closing_summary: Buffer | null; category_code: string; submitted_at: Date; previous: Date | null }[] = await m.query(
      `WITH old AS (SELECT reporter_read_at FROM cases WHERE id = $1),
            upd AS (UPDATE cases SET reporter_read_at = $2 WHERE id = $1)
       SELECT status, outcome, closing_summary, category_code, submitted_at, (SELECT reporter_read_at FROM old) AS previous FROM cases WHERE id = $1`,
      [caseId, now],
    );
    return { status: c.status, outcome: c.outcome, closingSummarySealed: c.closing_summary, categoryCode: c.category_code, submittedAt: c.submitted_at, previousReadAt: c.previous };
  }

  /** The case's status, locked against a change (a reopening) until the caller's transaction ends. */
  async lockStatus(m: EntityManager, caseId: string): Promise<string> {
    const [c]: { status: string }[] = await m.query(`SELECT status FROM cases WHERE id = $1 FOR SHARE`, [caseId]);
    return c.status;
  }
}
