import { Candidate, conflictsOf, suggestInspector } from './conflicts';

const facts = { opdCode: 'DUKCAPIL', reportedPersons: 'Drs. H. Andi Pratama, kepala seksi', recusedIds: ['i-recused'] };
const c = (id: string, openCases: number, conflicts: Candidate['conflicts'] = [], assigned = false, name = id): Candidate => ({ id, name, openCases, conflicts, assigned });

describe('conflictsOf', () => {
  it('names every conflict, strongest first', () => {
    expect(conflictsOf({ id: 'i-recused', name: 'A. Pratama', opdCode: 'DUKCAPIL' }, facts)).toEqual(['named_in_report', 'recused', 'same_opd']);
  });
  it('finds none for an inspector from elsewhere, not named, who never stepped back', () => {
    expect(conflictsOf({ id: 'i-1', name: 'Budi Santoso', opdCode: 'BPKAD' }, facts)).toEqual([]);
  });
  it('does not take a missing OPD on both sides as the same OPD', () => {
    expect(conflictsOf({ id: 'i-1', name: 'Budi Santoso', opdCode: null }, { ...facts, opdCode: null })).toEqual([]);
  });
  it('flags an inspector who stepped back from the case before', () => {
    expect(conflictsOf({ id: 'i-recused', name: 'Citra Dewi', opdCode: null }, facts)).toEqual(['recused']);
  });
});

describe('suggestInspector', () => {
  it('chooses the fewest open cases among inspectors without a conflict', () => {
    const named = c('named', 0, ['named_in_report']);
    const recused = c('recused', 1, ['recused']);
    expect(suggestInspector([named, recused, c('budi', 3), c('citra', 5)])?.id).toBe('budi');
  });
  it('skips inspectors already on the case', () => {
    expect(suggestInspector([c('on-case', 0, [], true), c('budi', 2)])?.id).toBe('budi');
  });
  it('breaks a tie by name, whatever the order given', () => {
    expect(suggestInspector([c('x', 2, [], false, 'Dewi'), c('y', 2, [], false, 'Budi')])?.id).toBe('y');
  });
  it('suggests nobody when every inspector has a conflict', () => {
    expect(suggestInspector([c('a', 0, ['same_opd']), c('b', 1, ['named_in_report'])])).toBeNull();
    expect(suggestInspector([])).toBeNull();
  });
});
