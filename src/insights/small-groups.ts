/**
 * The small-group rule of the statistics (README, STATS_MIN_GROUP): a number about a group of
 * cases is shown only when the group holds at least `min` cases, so a small OPD, a rare channel
 * or one inspector's few cases cannot be singled out and tied to a person.
 *
 * An empty group shows 0: that nothing happened reveals nothing about anyone, and hiding zeros
 * too would hide the very fact the dashboard exists for ("this OPD had no reports"). Groups of
 * 1 to min - 1 are hidden. A share or a median is a fact about its whole group, so it follows
 * the size of the group it is computed from; an empty group has none (null).
 *
 * Known limit: a hidden count next to a shown total can be worked out by subtraction when it is
 * the only hidden one of its breakdown. The rule hides single small groups from plain reading,
 * as asked; it does not suppress a second cell to defeat arithmetic.
 */
export interface Hidden {
  hidden: true;
  /** The group has fewer cases than this (and at least one). */
  below: number;
}

/** A number as published: the value, or the fact that its group is too small to show. */
export type Shown<T = number> = T | Hidden;

export function isHidden(value: unknown): value is Hidden {
  return typeof value === 'object' && value !== null && (value as Hidden).hidden === true;
}

/** A count of cases, hidden when 1 ≤ count < min. */
export function shownCount(count: number, min: number): Shown {
  return count > 0 && count < min ? { hidden: true, below: min } : count;
}

/**
 * A value computed from a group of `groupSize` cases: null for an empty group, hidden for a
 * small one, else `compute()` (only called when the value will be shown).
 */
export function shownFromGroup<T>(groupSize: number, min: number, compute: () => T): Shown<T> | null {
  if (groupSize === 0) return null;
  if (groupSize < min) return { hidden: true, below: min };
  return compute();
}
