import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { CaseDeadlinesRepository } from './case-deadlines.repository';
import { HolidaysRepository } from './holidays.repository';
import { SlaPoliciesRepository } from './sla-policies.repository';
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
    private readonly clocks: CaseDeadlinesRepository,
    private readonly holidayDates: HolidaysRepository,
    private readonly policyRules: SlaPoliciesRepository,
  ) {}

  /** Whether a breach of this clock fell due before `at` (the statistics' "decided late"). */
  breachFellDueBefore(manager: EntityManager, caseId: string, kind: DeadlineKind, at: Date): Promise<boolean> {
    return this.clocks.breachFellDueBefore(manager, caseId, kind, at);
  }

  /**
   * Pass the caller's transaction manager inside a transaction: a second pooled connection per
   * request deadlocks the pool under load (see StaffService.keyHolders).
   */
  async calendar(manager: EntityManager = this.db.manager): Promise<WorkingCalendar> {
    if (!this.holidays || Date.now() - this.holidays.at > SlaService.CACHE_TTL_MS) {
      this.holidays = { at: Date.now(), dates: new Set(await this.holidayDates.allDates(manager)) };
    }
    return { timeZone: this.config.tzName, holidays: this.holidays.dates };
  }

  /** The policy for a category's new deadlines: its override, else the default. */
  async policyFor(categoryCode: string, manager: EntityManager = this.db.manager): Promise<SlaPolicy> {
    if (!this.policies || Date.now() - this.policies.at > SlaService.CACHE_TTL_MS) {
      this.policies = { at: Date.now(), byCategory: await this.policyRules.rules(manager) };
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
    await this.clocks.start(manager, caseId, at, planned);
    return planned;
  }

  /** The stage ended: its clock stops, and a breach of it ends now. */
  async stop(manager: EntityManager, caseId: string, kind: DeadlineKind, at: Date): Promise<void> {
    await this.clocks.stop(manager, caseId, kind, at);
  }

  /**
   * The reporter heard from the inspectorate (a message or a status change): the 30-day
   * feedback clock starts again, unless the case is closed.
   */
  async feedbackGiven(manager: EntityManager, caseId: string, at: Date): Promise<void> {
    const row = await this.clocks.caseStatus(manager, caseId);
    if (row && row.status !== 'closed') await this.start(manager, caseId, row.categoryCode, 'feedback', at);
  }

  async deadlines(caseId: string, now: Date): Promise<CaseDeadline[]> {
    const rows = await this.clocks.ofCase(caseId);
    const cal = await this.calendar();
    return rows.map((r) => {
      const unit = r.calendarDays === null ? 'working' : 'calendar';
      const daysLeft = unit === 'working' ? workingDaysLeft(now, r.dueAt, cal) : calendarDaysLeft(now, r.dueAt, cal.timeZone);
      return { kind: r.kind, dueAt: r.dueAt, daysLeft, unit, overdue: r.dueAt < now };
    });
  }
}

/** Calendar days from today to the due day, local time; negative when late (-1 on the day after). */
function calendarDaysLeft(now: Date, due: Date, timeZone: string): number {
  const days = Math.round((Date.parse(`${localDate(due, timeZone)}T00:00:00Z`) - Date.parse(`${localDate(now, timeZone)}T00:00:00Z`)) / DAY_MS);
  return days === 0 && now > due ? -1 : days;
}
