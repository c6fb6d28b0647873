import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SlaService } from './sla/sla.service';
import { Clock } from '../platform/clock/clock';
import { EventPublisher } from '../platform/events';
import { ValidationFailed } from '../platform/http/domain-error';
import type { StaffRef } from '../staff';
import { CaseAccess } from './case-access.service';
import { CaseStore } from './case-store';
import { parseCaseReference } from './case-reference';
import type { CaseStatus } from './case.types';
import { CaseNotFound } from './cases.errors';
import { CaseStatusChanged } from './events/case-events';
import { clockMoves, MoveRequirements, moveRequirements, nextStatuses, planTransition, TransitionRequest, Track } from './workflow/case-workflow';
import { decisionStage } from './workflow/decision-stage';
import './workflow.i18n';

export interface MoveForm extends MoveRequirements {
  caseId: string;
  number: string;
  currentTrack: Track | null;
}

/**
 * Moves a case through its life (rules in workflow/case-workflow.ts). Supervisors decide
 * transitions; each records who, when and why (the reason encrypted), and emits an event.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CaseAccess,
    private readonly store: CaseStore,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly sla: SlaService,
  ) {}

  /** Stops and starts the SLA clocks the move calls for (workflow/case-workflow.ts clockMoves). */
  private async moveClocks(m: EntityManager, caseId: string, categoryCode: string, from: CaseStatus, to: CaseStatus, track: Track | null, at: Date): Promise<void> {
    const { stop, start } = clockMoves(from, to);
    for (const kind of stop) await this.sla.stop(m, caseId, kind, at);
    for (const kind of start) await this.sla.start(m, caseId, categoryCode, kind, at, kind === 'investigation' ? track : null);
  }

  /**
   * What the page for one move shows: the case's number and what the move asks for. Supervisors
   * only, like the move itself; a move the workflow does not have is refused here already.
   */
  async moveForm(me: StaffRef, caseId: string, to: string): Promise<MoveForm> {
    this.access.assertSupervisor(me);
    const [row]: { number: string; status: CaseStatus; track: Track | null }[] = await this.db.query(`SELECT number, status, track FROM cases WHERE id = $1`, [caseId]);
    if (!row) throw new CaseNotFound();
    return { caseId, number: row.number, currentTrack: row.track, ...moveRequirements(row.status, to) };
  }

  /** The moves a case in this status may make next (the workflow's own table). */
  nextStatuses(from: CaseStatus): CaseStatus[] {
    return nextStatuses(from);
  }

  /**
   * For the statistics: whether a breach of the deadline of the stage this move completes fell
   * due before it (null when the move completes no stage), as case_stats_decisions defines it.
   */
  private async decidedLate(m: EntityManager, caseId: string, from: CaseStatus, to: CaseStatus, at: Date): Promise<boolean | null> {
    const stage = decisionStage(from, to);
    if (!stage) return null;
    const [row]: { late: boolean }[] = await m.query(`SELECT EXISTS (SELECT 1 FROM sla_breaches WHERE case_id = $1 AND kind = $2 AND due_at < $3) AS late`, [caseId, stage, at]);
    return row.late;
  }

  async transition(me: StaffRef, caseId: string, req: TransitionRequest): Promise<{ status: CaseStatus }> {
    this.access.assertSupervisor(me);
    if (typeof req?.to !== 'string') throw new ValidationFailed([{ field: 'to', message: 'cases.status_invalid' }]);
    return this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        const [row]: { status: CaseStatus; track: Track | null; category_code: string; submitted_at: Date }[] = await m.query(
          `SELECT status, track, category_code, submitted_at FROM cases WHERE id = $1 FOR UPDATE`,
          [caseId],
        );
        if (!row) throw new CaseNotFound();
        const plan = planTransition(row.status, req, row.track);
        // Named by its number (or its id); the case itself is no duplicate of itself.
        const duplicateOf = plan.duplicateOf ? await this.store.findIdByReference(m, parseCaseReference(plan.duplicateOf)!) : null;
        if (plan.duplicateOf && (!duplicateOf || duplicateOf === caseId)) throw new ValidationFailed([{ field: 'duplicateOf', message: 'cases.duplicate_of_unknown' }]);
        const now = this.clock.now();
        const closing = plan.to === 'closed';
        // Retention runs from the closing, by the outcome's policy; a reopened case has none.
        await m.query(
          `UPDATE cases SET status = $2, outcome = $3, track = $4, closing_summary = $5, duplicate_of = $6, updated_at = $7, retention_noticed_for = NULL,
                  retain_until = CASE WHEN $2 = 'closed' THEN $7::timestamptz + make_interval(years => (SELECT years FROM retention_policies WHERE outcome = $3)) END
            WHERE id = $1`,
          [caseId, plan.to, plan.outcome, plan.track, closing ? this.store.sealText(key, caseId, 'closing-summary', plan.summary!) : null, duplicateOf, now],
        );
        const [{ id }]: { id: string }[] = await m.query(
          `INSERT INTO case_status_history (case_id, from_status, to_status, outcome, actor_staff_id, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [caseId, plan.from, plan.to, plan.outcome, me.id, now],
        );
        await m.query(`UPDATE case_status_history SET reason = $2 WHERE id = $1`, [id, this.store.sealText(key, caseId, `status-reason:${id}`, plan.reason)]);
        const late = await this.decidedLate(m, caseId, plan.from, plan.to, now);
        await this.moveClocks(m, caseId, row.category_code, plan.from, plan.to, plan.track, now);
        await this.events.publish(
          m,
          new CaseStatusChanged({
            caseId,
            from: plan.from,
            to: plan.to,
            outcome: plan.outcome,
            track: plan.track,
            reopened: plan.reopening,
            changedBy: me.id,
            at: now.toISOString(),
            moveId: id,
            categoryCode: row.category_code,
            submittedAt: row.submitted_at.toISOString(),
            late,
          }),
        );
        return { status: plan.to };
      } finally {
        key.fill(0);
      }
    });
  }
}
