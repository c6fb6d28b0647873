import { isHidden, shownCount, shownFromGroup } from './small-groups';

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
