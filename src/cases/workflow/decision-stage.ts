import type { CaseStatus } from '../case.types';

/** The stage a decision ends, as the statistics count it (the view case_stats_decisions says the same in SQL). */
export type DecisionStage = 'verification' | 'investigation';

/**
 * A move out of received or verifying to investigating or closed completes a verification; a
 * move out of investigating to closed completes an investigation; any other move (into
 * verifying, or a reopening out of closed) completes neither.
 */
export function decisionStage(from: CaseStatus | string, to: CaseStatus | string): DecisionStage | null {
  if (to !== 'investigating' && to !== 'closed') return null;
  if (from === 'investigating') return to === 'closed' ? 'investigation' : null;
  return from === 'received' || from === 'verifying' ? 'verification' : null;
}
