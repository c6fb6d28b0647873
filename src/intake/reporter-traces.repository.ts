import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What the reporter's channel keeps of a case outside the case itself: their sessions (each
 * holding a wrap of the case's content key) and the comment of their rating. Retention calls
 * `forgetCase` in the purge's transaction, so no copy of the key outlives the shredding.
 */
@Injectable()
export class ReporterTraces {
  async forgetCase(m: EntityManager, caseId: string): Promise<void> {
    // The reporter's rating stays for the statistics; their comment is content.
    await m.query(`UPDATE reporter_feedback SET comment_sealed = NULL WHERE case_id = $1 AND comment_sealed IS NOT NULL`, [caseId]);
    await m.query(`DELETE FROM reporter_sessions WHERE case_id = $1`, [caseId]);
  }
}
