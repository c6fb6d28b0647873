import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { DEFAULT_POLICY, DeadlineKind, SlaPolicy, stageLength } from './sla-policy';
import { addCalendarDays, deadline, endOfLocalDay, localDate, reminderTime, workingDaysLeft, WorkingCalendar } from './working-days';

export interface CaseDeadline {
  kind: DeadlineKind;
  dueAt: Date;
  /** Working days for verification and investigation, calendar days for feedback. */
  daysLeft: number;
  unit: 'working' | 'calendar';
  overdue: boolean;
}

/** A deadline as it is stored: due time, reminder time, and its length in its unit. */
export interface PlannedDeadline {
  kind: DeadlineKind;
  dueAt: Date;
  remindAt: Date;
  workingDays: number | null;
  calendarDays: number | null;
}

const DAY_MS = 86_400_000;

/**
 * Computes and stores the due times of a case's stages (DESIGN.md §6). The holiday table and
 * the policies are read at most every CACHE_TTL_MS (and at once after an admin's change in this
 * process): every submission needs both, and they change a few times a year.
 *
 * Starting or stopping a clock also ends an open breach of that clock: the breach record then
 * holds how long the case was late (for statistics), and its repeat e-mails stop.
 */
@Injectable()
export class SlaService {
  static readonly CACHE_TTL_MS = 60_000;
  private holidays: { at: number; dates: Set<string> } | null = null;
  private policies: { at: number; byCategory: Map<string, SlaPolicy> } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Pass the caller's transaction manager inside a transaction: a second pooled connection per
   * request deadlocks the pool under load (see StaffService.keyHolders).
   */
  async calendar(manager: EntityManager = this.db.manager): Promise<WorkingCalendar> {
    if (!this.holidays || Date.now() - this.holidays.at > SlaService.CACHE_TTL_MS) {
      const rows: { d: string }[] = await manager.query(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holidays`);
      this.holidays = { at: Date.now(), dates: new Set(rows.map((r) => r.d)) };
    }
    return { timeZone: this.config.tzName, holidays: this.holidays.dates };
  }

  /** The policy for a category's new deadlines: its override, else the default. */
  async policyFor(categoryCode: string, manager: EntityManager = this.db.manager): Promise<SlaPolicy> {
    if (!this.policies || Date.now() - this.policies.at > SlaService.CACHE_TTL_MS) {
      const rows: { category_code: string; verification_days: number; complaint_days: number; examination_days: number; feedback_days: number }[] = await manager.query(
        `SELECT category_code, verification_days, complaint_days, examination_days, feedback_days FROM sla_policies`,
      );
      this.policies = {
        at: Date.now(),
        byCategory: new Map(
          rows.map((r) => [
            r.category_code,
            {
              verificationDays: r.verification_days,
              complaintDays: r.complaint_days,
              examinationDays: r.examination_days,
              feedbackDays: r.feedback_days,
            },
          ]),
        ),
      };
    }
    return this.policies.byCategory.get(categoryCode) ?? DEFAULT_POLICY;
  }

  /** Called after an admin changed holidays or policies, so this process uses them at once. */
  forgetCachedRules(): void {
    this.holidays = null;
    this.policies = null;
  }

  /** When a stage entered at `at` is due, and when its reminder goes out. */
  plan(kind: DeadlineKind, policy: SlaPolicy, track: 'complaint' | 'examination' | null, at: Date, cal: WorkingCalendar): PlannedDeadline {
    const { days, unit } = stageLength(policy, kind, track);
    const dueAt = unit === 'working' ? deadline(at, days, cal) : endOfLocalDay(addCalendarDays(localDate(at, cal.timeZone), days), cal.timeZone);
    return {
      kind,
      dueAt,
      remindAt: reminderTime(at, dueAt, cal),
      workingDays: unit === 'working' ? days : null,
      calendarDays: unit === 'calendar' ? days : null,
    };
  }

  /** The clocks a new case starts with: verification, and feedback to the reporter. */
  async filingDeadlines(manager: EntityManager, categoryCode: string, at: Date): Promise<PlannedDeadline[]> {
    const [policy, cal] = [await this.policyFor(categoryCode, manager), await this.calendar(manager)];
    return [this.plan('verification', policy, null, at, cal), this.plan('feedback', policy, null, at, cal)];
  }

  /** Starts (or restarts) a stage's clock inside the caller's transaction, by the case category's policy. */
  async start(manager: EntityManager, caseId: string, categoryCode: string, kind: DeadlineKind, at: Date, track: 'complaint' | 'examination' | null = null): Promise<PlannedDeadline> {
    const planned = this.plan(kind, await this.policyFor(categoryCode, manager), track, at, await this.calendar(manager));
    await manager.query(
      `WITH resolved AS (
         UPDATE sla_breaches SET resolved_at = $3, next_escalation_at = NULL WHERE case_id = $1 AND kind = $2 AND resolved_at IS NULL
       )
       INSERT INTO case_deadlines (case_id, kind, started_at, due_at, remind_at, working_days, calendar_days) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id, kind) DO UPDATE SET started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at, remind_at = EXCLUDED.remind_at,
         working_days = EXCLUDED.working_days, calendar_days = EXCLUDED.calendar_days, reminded_at = NULL, breached_at = NULL`,
      [caseId, kind, at, planned.dueAt, planned.remindAt, planned.workingDays, planned.calendarDays],
    );
    return planned;
  }

  /** The stage ended: its clock stops, and a breach of it ends now. */
  async stop(manager: EntityManager, caseId: string, kind: DeadlineKind, at: Date): Promise<void> {
    await manager.query(
      `WITH stopped AS (DELETE FROM case_deadlines WHERE case_id = $1 AND kind = $2)
       UPDATE sla_breaches SET resolved_at = $3, next_escalation_at = NULL WHERE case_id = $1 AND kind = $2 AND resolved_at IS NULL`,
      [caseId, kind, at],
    );
  }

  /**
   * The reporter heard from the inspectorate (a message or a status change): the 30-day
   * feedback clock starts again, unless the case is closed.
   */
  async feedbackGiven(manager: EntityManager, caseId: string, at: Date): Promise<void> {
    const [row]: { status: string; category_code: string }[] = await manager.query(`SELECT status, category_code FROM cases WHERE id = $1`, [caseId]);
    if (row && row.status !== 'closed') await this.start(manager, caseId, row.category_code, 'feedback', at);
  }

  async deadlines(caseId: string, now: Date): Promise<CaseDeadline[]> {
    const rows: { kind: DeadlineKind; due_at: Date; calendar_days: number | null }[] = await this.db.query(
      `SELECT kind, due_at, calendar_days FROM case_deadlines WHERE case_id = $1 ORDER BY due_at`,
      [caseId],
    );
    const cal = await this.calendar();
    return rows.map((r) => {
      const unit = r.calendar_days === null ? 'working' : 'calendar';
      const daysLeft = unit === 'working' ? workingDaysLeft(now, r.due_at, cal) : calendarDaysLeft(now, r.due_at, cal.timeZone);
      return { kind: r.kind, dueAt: r.due_at, daysLeft, unit, overdue: r.due_at < now };
    });
  }
}

/** Calendar days from today to the due day, local time; negative when late (-1 on the day after). */
function calendarDaysLeft(now: Date, due: Date, timeZone: string): number {
  const days = Math.round((Date.parse(`${localDate(due, timeZone)}T00:00:00Z`) - Date.parse(`${localDate(now, timeZone)}T00:00:00Z`)) / DAY_MS);
  return days === 0 && now > due ? -1 : days;
}
