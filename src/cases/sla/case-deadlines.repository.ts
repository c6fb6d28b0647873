import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DeadlineKind } from './sla-policy';

type Db = EntityManager | DataSource;

/**
 * The sweep's reads of what is due, named so bench/sla can EXPLAIN the very statements the job
 * runs. Each walks one partial index (see migration 1764300010000) from its start up to `now`:
 * its cost follows what is due, not how many cases exist. $1 now, $2 batch size.
 *
 * `FOR KEY SHARE OF c SKIP LOCKED`: a case whose row a change holds (a status move locks it
 * FOR UPDATE, then ends the case's deadlines) is left to the next run. Without it the sweep
 * locked the deadline, then waited on the case row for its breach's foreign key, while the
 * change waited on the deadline: a deadlock PostgreSQL broke by killing one side.
 */
export const SWEEP_SQL = {
  dueReminders: `SELECT d.case_id, d.kind, d.due_at, c.number
         FROM case_deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.reminded_at IS NULL AND d.remind_at <= $1
        ORDER BY d.remind_at LIMIT $2
        FOR UPDATE OF d SKIP LOCKED FOR KEY SHARE OF c SKIP LOCKED`,
  dueBreaches: `SELECT d.case_id, d.kind, d.due_at, c.number
         FROM case_deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.breached_at IS NULL AND d.due_at <= $1
        ORDER BY d.due_at LIMIT $2
        FOR UPDATE OF d SKIP LOCKED FOR KEY SHARE OF c SKIP LOCKED`,
  /** $3: when the next repeat falls due. */
  dueEscalations: `WITH due AS (
         SELECT b.id FROM sla_breaches b
          WHERE b.resolved_at IS NULL AND b.next_escalation_at <= $1
          ORDER BY b.next_escalation_at LIMIT $2
          FOR UPDATE SKIP LOCKED
       ), bumped AS (
         UPDATE sla_breaches b SET escalations = b.escalations + 1, next_escalation_at = $3
           FROM due WHERE b.id = due.id
         RETURNING b.id, b.case_id, b.kind, b.due_at, b.escalations
       )
       SELECT bumped.*, c.number FROM bumped JOIN cases c ON c.id = bumped.case_id`,
} as const;

/** A deadline that fell due (for a reminder or a breach), with its case's number. */
export interface DueDeadline {
  caseId: string;
  kind: DeadlineKind;
  dueAt: Date;
  caseNumber: string;
}

interface DueRow {
  case_id: string;
  kind: DeadlineKind;
  due_at: Date;
  number: string;
}

const toDue = (r: DueRow): DueDeadline => ({ caseId: r.case_id, kind: r.kind, dueAt: r.due_at, caseNumber: r.number });

/** A breach as the sweep records or repeats it. */
export interface BreachRecord {
  id: string;
  caseId: string;
  kind: DeadlineKind;
  dueAt: Date;
}

/** What a dry-run sweep would announce. */
export interface DueNotice {
  notice: 'breach' | 'reminder' | 'repeat';
  caseNumber: string;
  kind: DeadlineKind;
  dueAt: Date;
}

/** A stored deadline, planned by SlaService. */
export interface StoredDeadline {
  kind: DeadlineKind;
  dueAt: Date;
  remindAt: Date;
  workingDays: number | null;
  calendarDays: number | null;
}

/** The running clocks of cases (case_deadlines) and their breaches (sla_breaches). */
@Injectable()
export class CaseDeadlinesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Starts (or restarts) a stage's clock; an open breach of the same clock ends at `at`. */
  async start(m: EntityManager, caseId: string, at: Date, d: StoredDeadline): Promise<void> {
    await m.query(
      `WITH resolved AS (
         UPDATE sla_breaches SET resolved_at = $3, next_escalation_at = NULL WHERE case_id = $1 AND kind = $2 AND resolved_at IS NULL
       )
       INSERT INTO case_deadlines (case_id, kind, started_at, due_at, remind_at, working_days, calendar_days) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id, kind) DO UPDATE SET started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at, remind_at = EXCLUDED.remind_at,
         working_days = EXCLUDED.working_days, calendar_days = EXCLUDED.calendar_days, reminded_at = NULL, breached_at = NULL`,
      [caseId, d.kind, at, d.dueAt, d.remindAt, d.workingDays, d.calendarDays],
    );
  }

  /** The stage ended: its clock stops, and a breach of it ends at `at`. */
  async stop(m: EntityManager, caseId: string, kind: DeadlineKind, at: Date): Promise<void> {
    await m.query(
      `WITH stopped AS (DELETE FROM case_deadlines WHERE case_id = $1 AND kind = $2)
       UPDATE sla_breaches SET resolved_at = $3, next_escalation_at = NULL WHERE case_id = $1 AND kind = $2 AND resolved_at IS NULL`,
      [caseId, kind, at],
    );
  }

  /** The case's status and category, which decide whether and how a clock restarts. */
  async caseStatus(m: Db, caseId: string): Promise<{ status: string; categoryCode: string } | null> {
    const [row]: { status: string; category_code: string }[] = await m.query(`SELECT status, category_code FROM cases WHERE id = $1`, [caseId]);
    return row ? { status: row.status, categoryCode: row.category_code } : null;
  }

  /** The case's running clocks, soonest first. */
  async ofCase(caseId: string): Promise<{ kind: DeadlineKind; dueAt: Date; calendarDays: number | null }[]> {
    const rows: { kind: DeadlineKind; due_at: Date; calendar_days: number | null }[] = await this.db.query(
      `SELECT kind, due_at, calendar_days FROM case_deadlines WHERE case_id = $1 ORDER BY due_at`,
      [caseId],
    );
    return rows.map((r) => ({ kind: r.kind, dueAt: r.due_at, calendarDays: r.calendar_days }));
  }

  /** Whether a breach of this clock fell due before `at`. */
  async breachFellDueBefore(m: Db, caseId: string, kind: string, at: Date): Promise<boolean> {
    const [row]: { late: boolean }[] = await m.query(`SELECT EXISTS (SELECT 1 FROM sla_breaches WHERE case_id = $1 AND kind = $2 AND due_at < $3) AS late`, [caseId, kind, at]);
    return row.late;
  }

  // ---- The sweep

  async lockDueReminders(m: EntityManager, now: Date, limit: number): Promise<DueDeadline[]> {
    const rows: DueRow[] = await m.query(SWEEP_SQL.dueReminders, [now, limit]);
    return rows.map(toDue);
  }

  async lockDueBreaches(m: EntityManager, now: Date, limit: number): Promise<DueDeadline[]> {
    const rows: DueRow[] = await m.query(SWEEP_SQL.dueBreaches, [now, limit]);
    return rows.map(toDue);
  }

  /** Marks deadlines reminded or breached; a breach also settles the reminder: nobody is reminded of a deadline already missed. */
  async mark(m: EntityManager, rows: { caseId: string; kind: DeadlineKind }[], column: 'reminded_at' | 'breached_at', now: Date): Promise<void> {
    const extra = column === 'breached_at' ? ', reminded_at = coalesce(d.reminded_at, $3)' : '';
    await m.query(
      `UPDATE case_deadlines d SET ${column} = $3${extra}
         FROM unnest($1::uuid[], $2::text[]) AS x (case_id, kind)
        WHERE d.case_id = x.case_id AND d.kind = x.kind`,
      [rows.map((r) => r.caseId), rows.map((r) => r.kind), now],
    );
  }

  /** Records the breaches; ON CONFLICT: one already recorded for its due date is not returned (never announced twice). */
  async recordBreaches(m: EntityManager, rows: DueDeadline[], now: Date, nextEscalationAt: Date): Promise<BreachRecord[]> {
    const created: { id: string; case_id: string; kind: DeadlineKind; due_at: Date }[] = await m.query(
      `INSERT INTO sla_breaches (case_id, kind, due_at, breached_at, next_escalation_at)
       SELECT x.case_id, x.kind, x.due_at, $4, $5 FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS x (case_id, kind, due_at)
       ON CONFLICT (case_id, kind, due_at) DO NOTHING
       RETURNING id, case_id, kind, due_at`,
      [rows.map((r) => r.caseId), rows.map((r) => r.kind), rows.map((r) => r.dueAt), now, nextEscalationAt],
    );
    return created.map((b) => ({ id: b.id, caseId: b.case_id, kind: b.kind, dueAt: b.due_at }));
  }

  /** Counts the next repeat of the breaches whose repeat fell due, and sets the one after. */
  async escalateDue(m: EntityManager, now: Date, limit: number, nextEscalationAt: Date): Promise<(BreachRecord & { escalations: number; caseNumber: string })[]> {
    const rows: { id: string; case_id: string; kind: DeadlineKind; due_at: Date; escalations: number; number: string }[] = await m.query(SWEEP_SQL.dueEscalations, [now, limit, nextEscalationAt]);
    return rows.map((b) => ({ id: b.id, caseId: b.case_id, kind: b.kind, dueAt: b.due_at, escalations: b.escalations, caseNumber: b.number }));
  }

  /** What a sweep as of `asOf` would announce, read without locks. */
  async dueNotices(asOf: Date): Promise<DueNotice[]> {
    const rows: { notice: DueNotice['notice']; number: string; kind: DeadlineKind; due_at: Date }[] = await this.db.query(
      `SELECT 'breach' AS notice, c.number, d.kind, d.due_at FROM case_deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.breached_at IS NULL AND d.due_at <= $1
          AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.case_id = d.case_id AND b.kind = d.kind AND b.due_at = d.due_at)
       UNION ALL
       SELECT 'reminder', c.number, d.kind, d.due_at FROM case_deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.reminded_at IS NULL AND d.remind_at <= $1 AND d.due_at > $1
       UNION ALL
       SELECT 'repeat', c.number, b.kind, b.due_at FROM sla_breaches b JOIN cases c ON c.id = b.case_id
        WHERE b.resolved_at IS NULL AND b.next_escalation_at <= $1
       ORDER BY due_at, number`,
      [asOf],
    );
    return rows.map((r) => ({ notice: r.notice, caseNumber: r.number, kind: r.kind, dueAt: r.due_at }));
  }
}
