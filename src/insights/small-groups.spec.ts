import { isHidden, minGroupFor, shownCount, shownFromGroup, smallGroupRuleApplies, STATS_TABLES } from './small-groups';

describe('small-group rule', () => {
  it('shows zero, hides 1 to min - 1, shows min and more', () => {
    expect(shownCount(0, 3)).toBe(0);
    expect(shownCount(1, 3)).toEqual({ hidden: true, below: 3 });
    expect(shownCount(2, 3)).toEqual({ hidden: true, below: 3 });
    expect(shownCount(3, 3)).toBe(3);
    expect(shownCount(250, 3)).toBe(250);
  });

  it('follows the configured minimum, and hides nothing at 1', () => {
    expect(shownCount(4, 5)).toEqual({ hidden: true, below: 5 });
    expect(shownCount(5, 5)).toBe(5);
    expect(shownCount(1, 1)).toBe(1);
  });

  it('gives a share or median of a group only when the group is big enough, and none for an empty group', () => {
    const compute = jest.fn(() => 0.5);
    expect(shownFromGroup(0, 3, compute)).toBeNull();
    expect(shownFromGroup(2, 3, compute)).toEqual({ hidden: true, below: 3 });
    expect(compute).not.toHaveBeenCalled();
    expect(shownFromGroup(3, 3, compute)).toBe(0.5);
  });

  it('tells hidden values from numbers', () => {
    expect(isHidden({ hidden: true, below: 3 })).toBe(true);
    expect(isHidden(0)).toBe(false);
    expect(isHidden(null)).toBe(false);
  });
});

describe('where the small-group rule applies', () => {
  it('hides nothing a supervisor already sees in the inbox or when assigning', () => {
    for (const table of ['reports', 'open', 'inspectors', 'decisions', 'breaches', 'labels'] as const) {
      expect(smallGroupRuleApplies(table, 'supervisor')).toBe(false);
      expect(minGroupFor(table, 'supervisor', 3)).toBe(1);
    }
  });

  it('keeps the rule for supervisors on the OPD × category table and the ratings', () => {
    expect(smallGroupRuleApplies('opd_by_category', 'supervisor')).toBe(true);
    expect(smallGroupRuleApplies('satisfaction', 'supervisor')).toBe(true);
    expect(minGroupFor('satisfaction', 'supervisor', 3)).toBe(3);
  });

  it('applies to every table for auditors and in every export', () => {
    for (const table of STATS_TABLES) {
      expect(smallGroupRuleApplies(table, 'auditor')).toBe(true);
      expect(smallGroupRuleApplies(table, 'export')).toBe(true);
      expect(minGroupFor(table, 'export', 5)).toBe(5);
    }
  });
});
