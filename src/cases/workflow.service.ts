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
import { CasesRepository } from './cases.repository';
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
    private readonly cases: CasesRepository,
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
    const row = await this.cases.stage(this.db, caseId);
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
    return this.sla.breachFellDueBefore(m, caseId, stage, at);
  }

  async transition(me: StaffRef, caseId: string, req: TransitionRequest): Promise<{ status: CaseStatus }> {
    this.access.assertSupervisor(me);
    if (typeof req?.to !== 'string') throw new ValidationFailed([{ field: 'to', message: 'cases.status_invalid' }]);
    return this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        const row = await this.cases.lockForMove(m, caseId);
        if (!row) throw new CaseNotFound();
        const plan = planTransition(row.status, req, row.track);
        // Named by its number (or its id); the case itself is no duplicate of itself.
        const duplicateOf = plan.duplicateOf ? await this.store.findIdByReference(m, parseCaseReference(plan.duplicateOf)!) : null;
        if (plan.duplicateOf && (!duplicateOf || duplicateOf === caseId)) throw new ValidationFailed([{ field: 'duplicateOf', message: 'cases.duplicate_of_unknown' }]);
        const now = this.clock.now();
        const closing = plan.to === 'closed';
        // Retention runs from the closing, by the outcome's policy; a reopened case has none.
        await this.cases.applyMove(m, caseId, {
          to: plan.to,
          outcome: plan.outcome,
          track: plan.track,
          closingSummary: closing ? this.store.sealText(key, caseId, 'closing-summary', plan.summary!) : null,
          duplicateOf,
          at: now,
        });
        const id = await this.cases.addMove(m, caseId, { from: plan.from, to: plan.to, outcome: plan.outcome, actorId: me.id, at: now });
        await this.cases.setMoveReason(m, id, this.store.sealText(key, caseId, `status-reason:${id}`, plan.reason));
        const late = await this.decidedLate(m, caseId, plan.from, plan.to, now);
        await this.moveClocks(m, caseId, row.categoryCode, plan.from, plan.to, plan.track, now);
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
            categoryCode: row.categoryCode,
            submittedAt: row.submittedAt.toISOString(),
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
