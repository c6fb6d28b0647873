import { assignmentPanel, PanelInput } from './assignment-panel';

const cand = (id: string, openCases: number, extra: Partial<PanelInput['candidates'][number]> = {}) => ({
  id,
  name: `Name ${id}`,
  openCases,
  conflicts: [],
  suggested: false,
  assigned: false,
  ...extra,
});
const base: PanelInput = {
  caseId: 'case',
  open: true,
  assignees: [{ id: 'on', name: 'Name on' }],
  candidates: [cand('named', 0, { conflicts: ['named_in_report'] }), cand('budi', 2, { suggested: true }), cand('citra', 4), cand('on', 1, { assigned: true })],
  steps: [],
};

describe('assignmentPanel', () => {
  it('preselects the suggestion on an untouched form, never a conflicted inspector', () => {
    const p = assignmentPanel(base)!;
    expect(p.options.filter((o) => o.checked).map((o) => o.id)).toEqual(['budi']);
    expect(p.options.map((o) => o.id)).toEqual(['named', 'budi', 'citra']);
    expect(p.suggestion).toEqual({ id: 'budi', openCases: 2 });
    expect(p.override).toBeNull();
  });

  it('preselects nobody when every inspector has a conflict', () => {
    const p = assignmentPanel({ ...base, candidates: [cand('named', 0, { conflicts: ['named_in_report'] }), cand('opd', 1, { conflicts: ['same_opd'] })] })!;
    expect(p.options.some((o) => o.checked)).toBe(false);
    expect(p.suggestion).toBeNull();
  });

  it('after a conflict refusal keeps the chosen inspector and asks the reason for that one', () => {
    const p = assignmentPanel({ ...base, form: { inspectorId: 'named' }, errors: [{ field: 'overrideReason', message: 'conflict' }] })!;
    expect(p.options.filter((o) => o.checked).map((o) => o.id)).toEqual(['named']);
    expect(p.override).toEqual({ forId: 'named', forName: 'Name named', reason: '' });
  });

  it('keeps a reason with the inspector it was written for, even when another one is chosen', () => {
    const p = assignmentPanel({ ...base, form: { inspectorId: 'citra', overrideFor: 'named', overrideReason: 'Disetujui Inspektur' }, errors: [{ field: 'overrideReason', message: 'other' }] })!;
    expect(p.options.filter((o) => o.checked).map((o) => o.id)).toEqual(['citra']);
    expect(p.override).toEqual({ forId: 'named', forName: 'Name named', reason: 'Disetujui Inspektur' });
  });

  it('keeps an unassignment reason beside the inspector it was typed for', () => {
    const p = assignmentPanel({ ...base, form: { inspectorId: 'on', unassignReason: 'x'.repeat(5000) }, errors: [{ field: 'unassignReason', message: 'too long' }] })!;
    expect(p.assignees).toEqual([{ id: 'on', name: 'Name on', reason: 'x'.repeat(5000), error: 'too long' }]);
    expect(p.options.filter((o) => o.checked).map((o) => o.id)).toEqual(['budi']);
  });

  it('shows nothing for a closed case without history, and only the history otherwise', () => {
    expect(assignmentPanel({ ...base, open: false })).toBeNull();
    const step = { inspectorName: 'Name on', action: 'assigned', actorName: 'Sup', at: new Date(0), conflicts: [], reason: null };
    const p = assignmentPanel({ ...base, open: false, steps: [step] })!;
    expect(p.options).toEqual([]);
    expect(p.assignees).toEqual([]);
    expect(p.steps).toEqual([step]);
  });
});
