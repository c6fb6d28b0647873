import type { ConflictKind } from './conflicts';

/** What the case page's assignment box shows (views/partials/case-assignment.hbs). */
export interface AssignmentPanel {
  caseId: string;
  /** Forms only while the case is open; a closed case shows its history alone. */
  open: boolean;
  assignees: { id: string; name: string; reason: string; error: string | null }[];
  options: { id: string; name: string; openCases: number; conflicts: ConflictKind[]; suggested: boolean; checked: boolean }[];
  suggestion: { id: string; openCases: number } | null;
  /** The reason box, tied to the inspector it is written for. */
  override: { forId: string; forName: string; reason: string } | null;
  steps: { inspectorName: string; action: string; actorName: string; at: Date; conflicts: ConflictKind[]; reason: string | null }[];
}

/** What a page shown again after an error carries: the fields sent, the errors in words. */
export interface SentForm {
  form?: Record<string, unknown>;
  errors?: { field: string; message: string }[];
}

export interface PanelInput extends SentForm {
  caseId: string;
  open: boolean;
  assignees: { id: string; name: string }[];
  candidates: { id: string; name: string; openCases: number; conflicts: ConflictKind[]; suggested: boolean; assigned: boolean }[];
  steps: AssignmentPanel['steps'];
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The box after any error keeps exactly what was chosen and typed: the chosen inspector stays
 * chosen (the suggestion only fills an untouched form), and a reason stays with the inspector it
 * was written for. After a conflict refusal the reason box appears for the inspector refused.
 */
export function assignmentPanel(input: PanelInput): AssignmentPanel | null {
  const form = input.form ?? {};
  const errors = input.errors ?? [];
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message ?? null;
  if (!input.open && !input.steps.length) return null; // nothing to show or do on a closed case
  const candidates = input.open ? input.candidates.filter((c) => !c.assigned) : [];
  const suggested = candidates.find((c) => c.suggested) ?? null;
  const sent = candidates.find((c) => c.id === text(form.inspectorId));
  const chosen = sent?.id ?? suggested?.id;
  const nameOf = (id: string) => input.candidates.find((c) => c.id === id)?.name;

  let override: AssignmentPanel['override'] = null;
  const writtenFor = text(form.overrideFor);
  if (writtenFor && nameOf(writtenFor)) override = { forId: writtenFor, forName: nameOf(writtenFor)!, reason: text(form.overrideReason) };
  else if (sent && errorOf('overrideReason')) override = { forId: sent.id, forName: sent.name, reason: text(form.overrideReason) };

  const unassigning = text(form.inspectorId);
  return {
    caseId: input.caseId,
    open: input.open,
    assignees: input.open ? input.assignees.map((a) => ({ ...a, reason: a.id === unassigning ? text(form.unassignReason) : '', error: a.id === unassigning ? errorOf('unassignReason') : null })) : [],
    options: candidates.map((c) => ({ id: c.id, name: c.name, openCases: c.openCases, conflicts: c.conflicts, suggested: c.suggested, checked: c.id === chosen })),
    suggestion: suggested ? { id: suggested.id, openCases: suggested.openCases } : null,
    override,
    steps: input.steps,
  };
}
