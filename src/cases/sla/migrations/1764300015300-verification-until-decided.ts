import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_POLICY } from '../sla-policy';
import { deadline, reminderTime, WorkingCalendar } from '../working-days';

/**
 * Repairs what the old workflow did to verification deadlines (issue 11): moving a case from
 * `received` to `verifying` stopped its verification clock, although verification runs from
 * receipt until the case leaves verification (DESIGN.md §6).
 *
 * 1. Cases still in `verifying` without a verification deadline get it back, recomputed from
 *    receipt with the working-day calendar (the same code as new cases, working-days.ts; the
 *    holiday table as it is now; the category's policy as it is now). The sweep then reminds,
 *    or tells the supervisors of the breach, as it would have. A breach that the move had ended
 *    is open again, and its next repeat notice is due since the moment it was ended (the
 *    repeats were silenced), so the next sweep sends it.
 * 2. Verifications already decided (a move out of `verifying`) that came after that deadline
 *    get the breach record the sweep could not write, ended at the decision: the statistics
 *    count them as late from then on (InsightsRepository.decisions reads sla_breaches).
 *
 * Local dates need the inspectorate's time zone: the migration runner sets the session's
 * TimeZone to TZ_NAME (platform/database/migrate.ts). What was changed is kept in
 * `sla_verification_repairs`, so `down` undoes exactly that.
 */
export class VerificationUntilDecided1764300015300 implements MigrationInterface {
  name = 'VerificationUntilDecided1764300015300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sla_verification_repairs (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        deadline_restored boolean NOT NULL,
        breach_id uuid REFERENCES sla_breaches(id) ON DELETE CASCADE,
        breach_inserted boolean NOT NULL,
        previous_resolved_at timestamptz,
        previous_next_escalation_at timestamptz
      )`);
    const [{ tz }]: { tz: string }[] = await q.query(`SELECT current_setting('TimeZone') AS tz`);
    const holidays: { d: string }[] = await q.query(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holidays`);
    const cal: WorkingCalendar = { timeZone: tz, holidays: new Set(holidays.map((h) => h.d)) };

    const open: { id: string; submitted_at: Date; days: number }[] = await q.query(
      `SELECT c.id, c.submitted_at, coalesce(p.verification_days, $1) AS days
         FROM cases c LEFT JOIN sla_policies p ON p.category_code = c.category_code
        WHERE c.status = 'verifying'
          AND NOT EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'verification')`,
      [DEFAULT_POLICY.verificationDays],
    );
    for (const c of open) {
      const dueAt = deadline(c.submitted_at, c.days, cal);
      await q.query(`INSERT INTO case_deadlines (case_id, kind, started_at, due_at, remind_at, working_days) VALUES ($1, 'verification', $2, $3, $4, $5)`, [
        c.id,
        c.submitted_at,
        dueAt,
        reminderTime(c.submitted_at, dueAt, cal),
        c.days,
      ]);
      // The breach the move to verifying ended: open again, and marked on the deadline as told.
      const [ended]: { id: string; breached_at: Date; resolved_at: Date; next_escalation_at: Date | null }[] = await q.query(
        `SELECT id, breached_at, resolved_at, next_escalation_at FROM sla_breaches
          WHERE case_id = $1 AND kind = 'verification' AND due_at = $2 AND resolved_at IS NOT NULL`,
        [c.id, dueAt],
      );
      if (ended) {
        await q.query(`UPDATE sla_breaches SET resolved_at = NULL, next_escalation_at = $2 WHERE id = $1`, [ended.id, ended.resolved_at]);
        await q.query(`UPDATE case_deadlines SET breached_at = $2, reminded_at = $2 WHERE case_id = $1 AND kind = 'verification'`, [c.id, ended.breached_at]);
      }
      await q.query(
        `INSERT INTO sla_verification_repairs (case_id, deadline_restored, breach_id, breach_inserted, previous_resolved_at, previous_next_escalation_at)
         VALUES ($1, true, $2, false, $3, $4)`,
        [c.id, ended?.id ?? null, ended?.resolved_at ?? null, ended?.next_escalation_at ?? null],
      );
    }

    // Received → verifying happens once per case (received is only the start); the decision is
    // the first move out of verifying after it.
    const decided: { id: string; submitted_at: Date; days: number; decided_at: Date }[] = await q.query(
      `SELECT c.id, c.submitted_at, coalesce(p.verification_days, $1) AS days, x.decided_at
         FROM case_status_history h
         JOIN cases c ON c.id = h.case_id
         LEFT JOIN sla_policies p ON p.category_code = c.category_code
         CROSS JOIN LATERAL (
           SELECT min(o.at) AS decided_at FROM case_status_history o
            WHERE o.case_id = h.case_id AND o.from_status = 'verifying' AND o.to_status IN ('investigating', 'closed') AND o.at >= h.at
         ) x
        WHERE h.from_status = 'received' AND h.to_status = 'verifying' AND x.decided_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sla_verification_repairs r WHERE r.case_id = c.id)`,
      [DEFAULT_POLICY.verificationDays],
    );
    for (const c of decided) {
      const dueAt = deadline(c.submitted_at, c.days, cal);
      if (c.decided_at <= dueAt) continue;
      const [known]: { id: string; resolved_at: Date | null; next_escalation_at: Date | null }[] = await q.query(
        `SELECT id, resolved_at, next_escalation_at FROM sla_breaches WHERE case_id = $1 AND kind = 'verification' AND due_at = $2`,
        [c.id, dueAt],
      );
      let breachId: string;
      if (!known) {
        [{ id: breachId }] = await q.query(`INSERT INTO sla_breaches (case_id, kind, due_at, breached_at, resolved_at) VALUES ($1, 'verification', $2, $2, $3) RETURNING id`, [
          c.id,
          dueAt,
          c.decided_at,
        ]);
      } else if (known.resolved_at !== null && known.resolved_at < c.decided_at) {
        breachId = known.id;
        await q.query(`UPDATE sla_breaches SET resolved_at = $2, next_escalation_at = NULL WHERE id = $1`, [known.id, c.decided_at]);
      } else {
        continue;
      }
      await q.query(
        `INSERT INTO sla_verification_repairs (case_id, deadline_restored, breach_id, breach_inserted, previous_resolved_at, previous_next_escalation_at)
         VALUES ($1, false, $2, $3, $4, $5)`,
        [c.id, breachId, !known, known?.resolved_at ?? null, known?.next_escalation_at ?? null],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM sla_breaches b USING sla_verification_repairs r WHERE b.id = r.breach_id AND r.breach_inserted`);
    await q.query(
      `UPDATE sla_breaches b SET resolved_at = r.previous_resolved_at, next_escalation_at = r.previous_next_escalation_at
         FROM sla_verification_repairs r WHERE b.id = r.breach_id AND NOT r.breach_inserted`,
    );
    // Only a deadline the repair restored, and only while the case is still where it found it.
    await q.query(
      `DELETE FROM case_deadlines d USING sla_verification_repairs r, cases c
        WHERE r.deadline_restored AND d.case_id = r.case_id AND d.kind = 'verification' AND c.id = r.case_id
          AND c.status = 'verifying' AND d.started_at = c.submitted_at`,
    );
    await q.query(`DROP TABLE sla_verification_repairs`);
  }
}
