import { workingDaysLeft, WorkingCalendar } from './sla/working-days';

/** The inbox's "days left" column: the earliest running stage deadline of a case. */
export interface InboxDeadline {
  kind: 'verification' | 'investigation';
  dueAt: Date;
  /** Working days (holidays excluded): 0 on the due day, negative when late. */
  workingDaysLeft: number;
  overdue: boolean;
}

/**
 * Computed per row in TypeScript for one page of rows: in SQL it would be a function over every
 * candidate row and keep the planner off the (submitted_at, id) index (bench/inbox).
 */
export function inboxDeadline(verificationDue: Date | null, investigationDue: Date | null, now: Date, cal: WorkingCalendar): InboxDeadline | null {
  const [kind, dueAt] =
    verificationDue && (!investigationDue || verificationDue <= investigationDue)
      ? (['verification', verificationDue] as const)
      : investigationDue
        ? (['investigation', investigationDue] as const)
        : [null, null];
  if (!kind) return null;
  return { kind, dueAt, workingDaysLeft: workingDaysLeft(now, dueAt, cal), overdue: dueAt < now };
}
