import { parseCaseNumber } from './case-number';

describe(parseCaseNumber.name, () => {
  it('reads a case number however it is typed', () => {
    for (const typed of ['WBS-2026-00001', 'wbs-2026-00001', ' WBS 2026 00001 ', 'wbs 2026 1', '2026-00001', 'WBS/2026/1', 'WBS-2026-000001']) {
      expect(parseCaseNumber(typed)).toBe('WBS-2026-00001');
    }
    expect(parseCaseNumber('WBS-2026-123456')).toBe('WBS-2026-123456');
  });

  it('refuses what cannot be a case number', () => {
    for (const typed of ['', 'WBS', 'WBS-26-00001', 'WBS-2026-00000', 'WBS-2026', 'KTP 2026 1', 'WBS-2026-1x', '3f2a1c9e-0000-4000-8000-000000000000']) {
      expect(parseCaseNumber(typed)).toBeNull();
    }
  });
});
