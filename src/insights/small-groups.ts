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

/**
 * Who a set of statistics goes to. A supervisor reading the page or the API works inside the
 * inspectorate and already sees every case's category, OPD, channel, status, deadlines, labels
 * and assignees in the inbox, and each inspector's open caseload when assigning; an auditor
 * (possibly from outside, e.g. BPKP) sees no case; an export is a file that leaves the system
 * (a report to the mayor), whoever makes it.
 */
export type StatsAudience = 'supervisor' | 'auditor' | 'export';

/** The published tables, as the small-group rule is decided for them (docs/decisions.md). */
export const STATS_TABLES = ['reports', 'opd_by_category', 'open', 'inspectors', 'decisions', 'breaches', 'satisfaction', 'labels'] as const;
export type StatsTable = (typeof STATS_TABLES)[number];

/**
 * Tables whose every number a supervisor can already count on other pages: hiding them from a
 * supervisor protects no one and only hides their own work. Not in the list, so hidden for
 * supervisors too: the OPD × category table (a cross-table narrows groups to where one reporter
 * or one reported official can be singled out, and it is made to be shared) and the reporters'
 * ratings (no staff page shows a case's rating: a small group would tie a rating to a reporter).
 */
const SEEN_BY_SUPERVISORS: ReadonlySet<StatsTable> = new Set<StatsTable>(['reports', 'open', 'inspectors', 'decisions', 'breaches', 'labels']);

/** Whether a table's small groups are hidden for an audience. */
export function smallGroupRuleApplies(table: StatsTable, audience: StatsAudience): boolean {
  return audience !== 'supervisor' || !SEEN_BY_SUPERVISORS.has(table);
}

/** The minimum group size to publish a table's numbers with: 1 (everything shown) where the rule does not apply. */
export function minGroupFor(table: StatsTable, audience: StatsAudience, min: number): number {
  return smallGroupRuleApplies(table, audience) ? min : 1;
}
