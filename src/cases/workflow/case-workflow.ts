import { Conflict, FieldErrors } from '../../platform/http/domain-error';
import type { CaseStatus } from '../case.types';
import { parseCaseReference } from '../case-reference';
import type { DeadlineKind } from '../sla/sla-policy';

export const OUTCOMES = ['substantiated', 'not_substantiated', 'referred', 'rejected', 'duplicate'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const TRACKS = ['complaint', 'examination'] as const;
export type Track = (typeof TRACKS)[number];

export const REASON_MAX = 4_000;
export const SUMMARY_MAX = 4_000;

export interface TransitionRequest {
  to: string;
  reason?: unknown;
  outcome?: unknown;
  track?: unknown;
  /** What the reporter is told when the case closes; internal reasons stay internal. */
  summary?: unknown;
  duplicateOf?: unknown;
}

export interface PlannedTransition {
  from: CaseStatus;
  to: CaseStatus;
  reason: string;
  outcome: Outcome | null;
  track: Track | null;
  summary: string | null;
  /** The other case as the person named it (number or id); the service finds it. */
  duplicateOf: string | null;
  reopening: boolean;
}

/**
 * The case life of DESIGN.md §6 in one place. Which moves exist, and what each needs:
 *   received      → verifying | closed (rejected, duplicate)
 *   verifying     → investigating (track) | closed (rejected, duplicate, not_substantiated, referred)
 *   investigating → closed (any outcome)
 *   closed        → verifying | investigating (reopening)
 * Every move needs a reason; closing needs an outcome and a summary for the reporter.
 */
const MOVES: Record<CaseStatus, Partial<Record<CaseStatus, readonly Outcome[] | true>>> = {
  received: { verifying: true, closed: ['rejected', 'duplicate'] },
  verifying: { investigating: true, closed: ['rejected', 'duplicate', 'not_substantiated', 'referred'] },
  investigating: { closed: OUTCOMES },
  closed: { verifying: true, investigating: true },
};

/** The statuses a case in `from` may move to, in the table's order (what the case page offers). */
export function nextStatuses(from: CaseStatus): CaseStatus[] {
  return Object.keys(MOVES[from] ?? {}) as CaseStatus[];
}

/** What one move asks for, so its page shows only those fields (planTransition checks them). */
export interface MoveRequirements {
  from: CaseStatus;
  to: CaseStatus;
  /** The outcomes this move may close with; empty when it does not close. */
  outcomes: readonly Outcome[];
  summary: boolean;
  /** A duplicate outcome names the case it repeats. */
  duplicateOf: boolean;
  track: boolean;
  reopening: boolean;
}

/** The fields `from` → `to` needs, or TransitionNotAllowed when the table has no such move. */
export function moveRequirements(from: CaseStatus, to: string): MoveRequirements {
  const moves = (MOVES[from] ?? {}) as Record<string, readonly Outcome[] | true | undefined>;
  // Own keys only: a path segment such as "constructor" must not find Object's prototype.
  const allowed = Object.hasOwn(moves, to) ? moves[to] : undefined;
  if (!allowed) throw new TransitionNotAllowed(from, to);
  const outcomes = allowed === true ? [] : allowed;
  return {
    from,
    to: to as CaseStatus,
    outcomes,
    summary: to === 'closed',
    duplicateOf: outcomes.includes('duplicate'),
    track: to === 'investigating',
    reopening: from === 'closed',
  };
}

export class TransitionNotAllowed extends Conflict {
  constructor(from: CaseStatus, to: string) {
    super('cases.transition_invalid', { params: { from, to } });
  }
}

/** The SLA clocks a move stops and the ones it starts (or restarts), in that order. */
export interface ClockMoves {
  stop: DeadlineKind[];
  start: DeadlineKind[];
}

/**
 * Which clocks an allowed move stops and starts (DESIGN.md §6):
 * - verification runs from receipt (or a reopening to verifying) until the case leaves
 *   verification, to investigating or closed; received → verifying is triage within that stage
 *   and leaves it running;
 * - investigation runs from entering investigating until closing, for the track's length;
 * - the reporter sees every status change, so any move restarts the feedback clock, and
 *   closing stops it.
 */
export function clockMoves(from: CaseStatus, to: CaseStatus): ClockMoves {
  const stop: DeadlineKind[] = [];
  const start: DeadlineKind[] = [];
  const inVerification = (s: CaseStatus) => s === 'received' || s === 'verifying';
  if (inVerification(from) && !inVerification(to)) stop.push('verification');
  if (from === 'investigating') stop.push('investigation');
  if (to === 'closed') stop.push('feedback');
  if (from === 'closed' && to === 'verifying') start.push('verification');
  if (to === 'investigating') start.push('investigation');
  if (to !== 'closed') start.push('feedback');
  return { stop, start };
}

export function planTransition(from: CaseStatus, req: TransitionRequest, currentTrack: Track | null): PlannedTransition {
  const move = moveRequirements(from, String(req.to ?? ''));
  const to = move.to;

  const errors = new FieldErrors();
  const text = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() : '');
  const reason = text(req.reason);
  if (!reason) errors.add('reason', from === 'closed' ? 'cases.reopen_reason_required' : 'cases.reason_required');
  else if (reason.length > REASON_MAX) errors.add('reason', 'report.too_long', { max: REASON_MAX });

  let outcome: Outcome | null = null;
  let summary: string | null = null;
  let duplicateOf: string | null = null;
  if (to === 'closed') {
    const o = text(req.outcome);
    if (!o) errors.add('outcome', 'cases.outcome_required');
    else if (!(move.outcomes as readonly string[]).includes(o)) errors.add('outcome', 'cases.outcome_not_allowed', { outcome: o });
    else outcome = o as Outcome;
    summary = text(req.summary);
    if (!summary) errors.add('summary', 'cases.summary_required');
    else if (summary.length > SUMMARY_MAX) errors.add('summary', 'report.too_long', { max: SUMMARY_MAX });
    if (outcome === 'duplicate') {
      duplicateOf = text(req.duplicateOf) || null;
      if (!parseCaseReference(duplicateOf)) errors.add('duplicateOf', 'cases.duplicate_of_required');
    }
  }

  let track: Track | null = currentTrack;
  if (to === 'investigating') {
    const t = text(req.track) || currentTrack || '';
    if (!(TRACKS as readonly string[]).includes(t)) errors.add('track', 'cases.track_required');
    else track = t as Track;
  }
  errors.throwIfAny();
  return { from, to, reason, outcome, track, summary, duplicateOf, reopening: from === 'closed' };
}
