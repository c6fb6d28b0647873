import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseAssigned, CaseStatusChanged, CaseUnassigned, InspectorRecused, ReporterMessageSent } from '../../cases/events/case-events';
import { SlaDeadlineBreached } from '../../cases/sla/events/sla-events';
import { decisionStage } from '../../cases';
import { ReportSubmitted } from '../../intake/events/intake-events';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { EventSubscriber, isEventOf, StoredEvent } from '../../platform/events';
import { CountItem, decisionKey, InsightsCountsRepository } from './insights-counts.repository';

/** Whole hours from submission to the move, as case_stats_moves computes them. */
export function hoursBetween(submittedAt: string, at: string): number {
  return Math.max(0, Math.floor((Date.parse(at) - Date.parse(submittedAt)) / 3_600_000));
}

/** What a status move adds to the counts (nothing unless it completes a stage). */
export function moveItems(p: CaseStatusChanged['payload']): CountItem[] {
  const stage = decisionStage(p.from, p.to);
  if (!stage || !p.categoryCode || !p.submittedAt) return [];
  const closing = p.to === 'closed';
  const hours = String(hoursBetween(p.submittedAt, p.at));
  const items: CountItem[] = [{ measure: 'decision', category: p.categoryCode, key: decisionKey(stage, closing, p.outcome, p.late === true) }];
  for (const category of [p.categoryCode, '*']) {
    if (stage === 'verification') items.push({ measure: 'verification_hours', category, key: hours });
    if (closing) items.push({ measure: 'closing_hours', category, key: hours });
  }
  return items;
}

/** What a new report adds to the counts. */
export function submissionItems(p: ReportSubmitted['payload']): CountItem[] {
  return [
    { measure: 'channel', category: p.categoryCode, key: p.channel },
    { measure: 'opd', category: p.categoryCode, key: p.opdCode ?? '' },
  ];
}

/**
 * Events after which a case's open assignees or ongoing breaches may have changed: assignment,
 * unassignment, recusal, a breach raised, and a reporter message (it restarts the feedback clock,
 * which ends a feedback breach); a status change and a new report too (subscribed above).
 */
const NOW_EVENTS = [CaseAssigned.type, CaseUnassigned.type, InspectorRecused.type, SlaDeadlineBreached.type, ReporterMessageSent.type];

/**
 * Keeps the statistics' counts (migration 1764300020300) as cases come in and move: one event,
 * one small upsert, in the delivery's transaction. Each case and each move is recorded as counted
 * first, so a redelivered event, or one whose change a rebuild already took from the cases'
 * views, adds nothing. Every event also refreshes the case's "now" rows (open cases per assignee,
 * ongoing breaches) from the cases' view, which is idempotent by itself. Events written before their payload carried the move's id and metadata
 * (older outbox rows) are left to the rebuild that the upgrade runs.
 */
@Injectable()
export class InsightsCountsSubscriber implements EventSubscriber {
  readonly name = 'insights.count-cases';
  readonly events = [ReportSubmitted.type, CaseStatusChanged.type, ...NOW_EVENTS];

  constructor(
    private readonly counts: InsightsCountsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(event: StoredEvent, m: EntityManager): Promise<void> {
    // Everything on the delivery's connection, under the counts' lock (InsightsCountsRepository.refreshCase).
    await this.counts.serialise(m);
    await this.counts.refreshCase(m, (event.payload as { caseId: string }).caseId);
    if (isEventOf(event, ReportSubmitted)) {
      const p = event.payload;
      if (!(await this.counts.markCase(m, p.caseId))) return;
      await this.counts.add(m, p.submittedAt, this.config.tzName, submissionItems(p));
      await this.counts.moveOpen(m, p.categoryCode, null, 'received');
    } else if (isEventOf(event, CaseStatusChanged)) {
      const p = event.payload;
      if (!p.moveId || !p.categoryCode) return;
      if (!(await this.counts.markMove(m, p.moveId))) return;
      await this.counts.add(m, p.at, this.config.tzName, moveItems(p));
      await this.counts.moveOpen(m, p.categoryCode, p.from, p.to);
    }
  }
}
