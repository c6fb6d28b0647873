import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { deadline, workingDaysLeft, WorkingCalendar } from './working-days';

/** Default SLA policy of DESIGN.md §6, in working days. */
export const DEFAULT_POLICY = { verification: 3, complaint: 14, examination: 60 } as const;

export type DeadlineKind = 'verification' | 'investigation';

export interface CaseDeadline {
  kind: DeadlineKind;
  dueAt: Date;
  workingDaysLeft: number;
  overdue: boolean;
}

/**
 * Computes and stores the due times of a case's stages. The holiday table is read at most every
 * HOLIDAYS_TTL_MS: every submission needs the calendar, and holidays change a few times a year.
 */
@Injectable()
export class SlaService {
  static readonly HOLIDAYS_TTL_MS = 60_000;
  private holidays: { at: number; dates: Set<string> } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Pass the caller's transaction manager inside a transaction: a second pooled connection per
   * request deadlocks the pool under load (see StaffService.keyHolders).
   */
  async calendar(manager: EntityManager = this.db.manager): Promise<WorkingCalendar> {
    if (!this.holidays || Date.now() - this.holidays.at > SlaService.HOLIDAYS_TTL_MS) {
      const rows: { d: string }[] = await manager.query(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holidays`);
      this.holidays = { at: Date.now(), dates: new Set(rows.map((r) => r.d)) };
    }
    return { timeZone: this.config.tzName, holidays: this.holidays.dates };
  }

  /** Starts (or restarts) a stage's clock inside the caller's transaction. */
  async start(manager: EntityManager, caseId: string, kind: DeadlineKind, workingDays: number, at: Date): Promise<Date> {
    const due = deadline(at, workingDays, await this.calendar(manager));
    await manager.query(
      `INSERT INTO case_deadlines (case_id, kind, started_at, due_at, working_days) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id, kind) DO UPDATE SET started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at, working_days = EXCLUDED.working_days`,
      [caseId, kind, at, due, workingDays],
    );
    return due;
  }

  /** The stage ended: its clock stops. */
  async stop(manager: EntityManager, caseId: string, kind: DeadlineKind): Promise<void> {
    await manager.query(`DELETE FROM case_deadlines WHERE case_id = $1 AND kind = $2`, [caseId, kind]);
  }

  async verificationDue(at: Date, manager?: EntityManager): Promise<Date> {
    return deadline(at, DEFAULT_POLICY.verification, await this.calendar(manager));
  }

  async deadlines(caseId: string, now: Date): Promise<CaseDeadline[]> {
    const rows: { kind: DeadlineKind; due_at: Date }[] = await this.db.query(
      `SELECT kind, due_at FROM case_deadlines WHERE case_id = $1 ORDER BY due_at`,
      [caseId],
    );
    const cal = await this.calendar();
    return rows.map((r) => ({ kind: r.kind, dueAt: r.due_at, workingDaysLeft: workingDaysLeft(now, r.due_at, cal), overdue: r.due_at < now }));
  }
}
