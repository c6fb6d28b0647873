import { namedAmong } from './conflict-names';

/** Why an inspector should not work a case without a supervisor's written reason. */
export type ConflictKind = 'named_in_report' | 'same_opd' | 'recused';
/** The order conflicts are listed and spoken in: the strongest first. */
export const CONFLICT_KINDS: readonly ConflictKind[] = ['named_in_report', 'recused', 'same_opd'];

export interface CaseFacts {
  opdCode: string | null;
  reportedPersons: string;
  /** Inspectors who stepped back from this case before. */
  recusedIds: readonly string[];
}

/** Named among the reported persons, working in the reported OPD, or stepped back from the case before. */
export function conflictsOf(inspector: { id: string; name: string; opdCode: string | null }, facts: CaseFacts): ConflictKind[] {
  const found = new Set<ConflictKind>();
  if (namedAmong(inspector.name, facts.reportedPersons)) found.add('named_in_report');
  if (facts.recusedIds.includes(inspector.id)) found.add('recused');
  if (inspector.opdCode && inspector.opdCode === facts.opdCode) found.add('same_opd');
  return CONFLICT_KINDS.filter((k) => found.has(k));
}

export interface Candidate {
  id: string;
  name: string;
  openCases: number;
  assigned: boolean;
  conflicts: readonly ConflictKind[];
}

/**
 * The inspector to preselect: among those not yet on the case and without any conflict, the one
 * with the fewest open cases (by name on a tie, so the choice is stable). None when every
 * inspector has a conflict: the supervisor then chooses, and writes why.
 */
export function suggestInspector(candidates: readonly Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (c.assigned || c.conflicts.length) continue;
    if (!best || c.openCases < best.openCases || (c.openCases === best.openCases && c.name.localeCompare(best.name, 'id') < 0)) best = c;
  }
  return best;
}
