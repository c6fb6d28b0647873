import { nameWords, namedAmong, sameName } from './conflict-names';

describe('namedAmong', () => {
  it.each([
    'Andi Pratama',
    'andi pratama',
    'ANDI   PRATAMA',
    'A. Pratama',
    'A.Pratama',
    'A Pratama',
    'Andi Pratama, S.E.',
    'Andi Pratama, S.E., M.Si.',
    'Andi Pratama SE',
    'Drs. H. Andi  Pratama',
    'Dr. Ir. Andi Pratama, M.T.',
    'Bapak Andi Pratama',
    'Kepala Dinas Andi Pratama (bendahara)',
    'Budi Santoso dan Andi Pratama',
    'Budi Santoso; A. Pratama; Citra',
    'Budi Santoso, Andi Pratama, Citra Dewi',
    'Andi Budi Pratama',
    'Ándi Prátama',
    'Andi P.',
  ])('finds Andi Pratama in "%s"', (written) => {
    expect(namedAmong('Andi Pratama', written)).toBe(true);
  });

  it.each(['Budi Pratama', 'B. Pratama', 'Randi Pratama', 'Andi Pratamaputra', 'Pratama', 'Andi', 'A.', 'Andi Saputra', 'A. Saputra', '', 'S.E.'])('does not find Andi Pratama in "%s"', (written) => {
    expect(namedAmong('Andi Pratama', written)).toBe(false);
  });

  it("reads the inspector's own titles and initials the same way", () => {
    expect(namedAmong('Drs. Andi Pratama, M.Si.', 'Andi Pratama')).toBe(true);
    expect(namedAmong('H. Andi Pratama', 'A. Pratama')).toBe(true);
    expect(namedAmong('A. Pratama', 'Andi Pratama')).toBe(true);
    expect(namedAmong('A. Pratama', 'Budi Pratama')).toBe(false);
  });

  it('takes a lone "H." before a surname as an initial, and before a full name as Haji', () => {
    expect(namedAmong('Hendra Pratama', 'H. Pratama')).toBe(true);
    expect(namedAmong('Hendra Pratama', 'H. Andi Pratama')).toBe(false);
    expect(namedAmong('Andi Pratama', 'H. Andi Pratama')).toBe(true);
  });

  it('matches a one-word name only in full', () => {
    expect(namedAmong('Sukarno', 'Ir. Sukarno')).toBe(true);
    expect(namedAmong('Sukarno', 'S.')).toBe(false);
    expect(namedAmong('Sukarno', 'Sukarni')).toBe(false);
  });
});

describe('nameWords', () => {
  it('drops titles and splits initials', () => {
    expect(nameWords('drs. h. andi pratama, s.e.')).toEqual(['andi', 'pratama']);
    expect(nameWords('a.pratama')).toEqual(['a', 'pratama']);
    expect(nameWords('h. pratama')).toEqual(['h', 'pratama']);
  });
});

describe('sameName', () => {
  it('needs a whole word in common, not only initials', () => {
    expect(sameName(['a', 'p'], ['andi', 'pratama'])).toBe(false);
    expect(sameName(['a', 'pratama'], ['andi', 'pratama'])).toBe(true);
  });
  it('lets a middle name be left out only when the first names are written in full', () => {
    expect(sameName(['andi', 'pratama'], ['andi', 'budi', 'pratama'])).toBe(true);
    expect(sameName(['a', 'pratama'], ['andi', 'budi', 'pratama'])).toBe(false);
    expect(sameName(['andi', 'citra', 'pratama'], ['andi', 'budi', 'pratama'])).toBe(false);
  });
});
