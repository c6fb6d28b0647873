/**
 * SLA policy (DESIGN.md §6): how long each stage may take. Verification and investigation count
 * working days of the Kendari calendar; reporter feedback counts calendar days ("at least every
 * 30 days"), so a policy may be stricter than 30, never looser.
 */
export interface SlaPolicy {
  verificationDays: number;
  complaintDays: number;
  examinationDays: number;
  feedbackDays: number;
}

export const DEFAULT_POLICY: Readonly<SlaPolicy> = Object.freeze({ verificationDays: 3, complaintDays: 14, examinationDays: 60, feedbackDays: 30 });

/** Accepted ranges, the same as the CHECK constraints of the sla_policies table. */
export const POLICY_LIMITS: Readonly<Record<keyof SlaPolicy, { min: number; max: number }>> = {
  verificationDays: { min: 1, max: 60 },
  complaintDays: { min: 1, max: 250 },
  examinationDays: { min: 1, max: 250 },
  feedbackDays: { min: 1, max: 30 },
};

export type DeadlineKind = 'verification' | 'investigation' | 'feedback';
export const DEADLINE_KINDS: readonly DeadlineKind[] = ['verification', 'investigation', 'feedback'];

/** How long a stage's clock runs under a policy, and in which unit. */
export function stageLength(policy: SlaPolicy, kind: DeadlineKind, track: 'complaint' | 'examination' | null): { days: number; unit: 'working' | 'calendar' } {
  if (kind === 'feedback') return { days: policy.feedbackDays, unit: 'calendar' };
  if (kind === 'verification') return { days: policy.verificationDays, unit: 'working' };
  return { days: track === 'examination' ? policy.examinationDays : policy.complaintDays, unit: 'working' };
}
