import type { Lang } from '../platform/i18n/i18n';
import { medianOfHistogram, type Bucket } from './median';
import type { CategoryRow, DecisionCountRow, DecisionCounts, LabelCountRow, RatingCounts, SubmissionCounts } from './insights.repository';
import { minGroupFor, Shown, shownCount, shownFromGroup, smallGroupRuleApplies, STATS_TABLES, type StatsAudience, type StatsTable } from './small-groups';
import type { StatsFilters } from './stats-filters';
import { CHANNELS, OPEN_STATUSES, OUTCOMES } from '../cases';

export const BREACH_KINDS = ['verification', 'investigation', 'feedback'] as const;
export const RATINGS = [5, 4, 3, 2, 1] as const;

/** The statistics for a period and category, as the page, the API and the exports publish them. */
export interface StatsDashboard {
  filters: StatsFilters;
  /** STATS_MIN_GROUP: counts of 1 to minGroup - 1 cases are published as `{ hidden: true, below: minGroup }`. */
  minGroup: number;
  /** The tables the small-group rule was applied to, for this audience (small-groups.ts). */
  smallGroupTables: StatsTable[];
  generatedAt: string;
  reports: {
    total: Shown;
    byMonth: { month: string; count: Shown }[];
    byCategory: { code: string; name: string; count: Shown }[];
    byOpd: { code: string | null; name: string | null; count: Shown }[];
    byChannel: { channel: string; count: Shown }[];
    /** Reports per OPD and category (only pairs with reports), OPDs by name, categories in their order. */
    byOpdCategory: { opdCode: string | null; opdName: string | null; categoryCode: string; categoryName: string; count: Shown }[];
  };
  open: {
    total: Shown;
    byStatus: { status: string; count: Shown }[];
    byInspector: { staffId: string; name: string; count: Shown }[];
    unassigned: Shown;
  };
  verification: StageStats & { medianDays: Shown | null };
  investigation: StageStats;
  closure: {
    closed: Shown;
    medianDays: Shown | null;
    byOutcome: { outcome: string; count: Shown }[];
  };
  breaches: {
    total: Shown;
    byKind: { kind: string; count: Shown }[];
  };
  /** Reporters' ratings (1–5) of closed cases, given in the period. */
  satisfaction: {
    rated: Shown;
    /** Mean rating, two decimals; follows the size of the rated group. */
    average: Shown | null;
    byRating: { rating: number; count: Shown }[];
  };
  /** Per label: open cases now, and all cases submitted in the period, carrying it. */
  byLabel: { id: string; name: string; colour: string; open: Shown; all: Shown }[];
}

export interface StageStats {
  completed: Shown;
  /** Share (0 to 1) of completed stages without a breach of their deadline. */
  withinSlaShare: Shown | null;
}

export interface DashboardInput {
  filters: StatsFilters;
  months: string[];
  submissions: SubmissionCounts;
  decisions: DecisionCounts;
  openByStatus: Map<string, number>;
  openByAssignee: { staffId: string | null; name: string | null; count: number }[];
  openBreaches: Map<string, number>;
  categories: CategoryRow[];
  opdNames: Map<string, string>;
  ratings: RatingCounts;
  labels: LabelCountRow[];
}

/**
 * Folds the database's counts into the published statistics, applying the small-group rule to
 * every number (small-groups.ts). Orders never depend on a hidden value: breakdowns in a fixed
 * order keep it, and the OPD list (longest first) puts hidden groups after the shown ones, by
 * name, so the order does not tell a group of 1 from a group of 2.
 */
export function assembleDashboard(input: DashboardInput, minGroup: number, lang: Lang, now: Date, audience: StatsAudience = 'export'): StatsDashboard {
  const min = (table: StatsTable) => minGroupFor(table, audience, minGroup);
  const counter = (table: StatsTable) => (n: number | undefined) => shownCount(n ?? 0, min(table));
  const count = counter('reports');
  const s = input.submissions;
  const name = (c: CategoryRow) => (lang === 'en' ? c.nameEn : c.nameId);

  const categories = input.filters.category ? input.categories.filter((c) => c.code === input.filters.category) : input.categories.filter((c) => c.active || (s.byCategory.get(c.code) ?? 0) > 0);

  const opdName = (code: string | null) => (code === null ? null : (input.opdNames.get(code) ?? code));
  const byOpd = [...s.byOpd.entries()]
    .filter(([, n]) => n > 0)
    .map(([code, n]) => ({ code, name: opdName(code), n }))
    .sort((a, b) => {
      const [aShown, bShown] = [a.n >= min('reports'), b.n >= min('reports')];
      if (aShown !== bShown) return aShown ? -1 : 1;
      return (aShown ? b.n - a.n : 0) || byName(a.name, b.name);
    })
    .map((o) => ({ code: o.code, name: o.name, count: count(o.n) }));

  // Pairs in a fixed order (OPD name, then the categories' order), never by a hidden value.
  const categoryOrder = new Map(input.categories.map((c, i) => [c.code, i]));
  const crossCount = counter('opd_by_category');
  const byOpdCategory = s.byOpdCategory
    .filter((x) => x.count > 0)
    .map((x) => ({ ...x, opdName: opdName(x.opd), category: input.categories.find((c) => c.code === x.category) }))
    .sort((a, b) => byName(a.opdName, b.opdName) || (categoryOrder.get(a.category?.code ?? '') ?? 0) - (categoryOrder.get(b.category?.code ?? '') ?? 0))
    .map((x) => ({ opdCode: x.opd, opdName: x.opdName, categoryCode: x.category?.code ?? '', categoryName: x.category ? name(x.category) : '', count: crossCount(x.count) }));

  const inspectorCount = counter('inspectors');
  const inspectors = input.openByAssignee
    .filter((a): a is { staffId: string; name: string; count: number } => a.staffId !== null)
    .sort((a, b) => byName(a.name, b.name) || a.staffId.localeCompare(b.staffId))
    .map((a) => ({ staffId: a.staffId, name: a.name, count: inspectorCount(a.count) }));

  const decided = counter('decisions');
  const decisionMin = min('decisions');
  const stage = (which: DecisionCountRow['stage']): StageStats & { done: number } => {
    const rows = input.decisions.rows.filter((d) => d.stage === which);
    const done = sum(rows);
    const late = sum(rows.filter((d) => d.late));
    return {
      completed: decided(done),
      withinSlaShare: shownFromGroup(done, decisionMin, () => round((done - late) / done, 4)),
      done,
    };
  };
  const verification = stage('verification');
  const investigation = stage('investigation');
  const closings = input.decisions.rows.filter((d) => d.closing);
  const closed = sum(closings);
  const openCount = counter('open');
  const breachCount = counter('breaches');
  const ratingCount = counter('satisfaction');
  const labelCount = counter('labels');

  const openTotal = [...input.openByStatus.values()].reduce((a, b) => a + b, 0);
  const breachTotal = [...input.openBreaches.values()].reduce((a, b) => a + b, 0);
  const rated = [...input.ratings.values()].reduce((a, b) => a + b, 0);
  const ratingSum = [...input.ratings.entries()].reduce((a, [rating, n]) => a + rating * n, 0);
  return {
    filters: input.filters,
    minGroup,
    smallGroupTables: STATS_TABLES.filter((table) => smallGroupRuleApplies(table, audience)),
    generatedAt: now.toISOString(),
    reports: {
      total: count([...s.byMonth.values()].reduce((a, b) => a + b, 0)),
      byMonth: input.months.map((month, i) => ({ month, count: count(s.byMonth.get(i)) })),
      byCategory: categories.map((c) => ({ code: c.code, name: name(c), count: count(s.byCategory.get(c.code)) })),
      byOpd,
      byChannel: CHANNELS.map((channel) => ({ channel, count: count(s.byChannel.get(channel)) })),
      byOpdCategory,
    },
    open: {
      total: openCount(openTotal),
      byStatus: OPEN_STATUSES.map((status) => ({ status, count: openCount(input.openByStatus.get(status)) })),
      byInspector: inspectors,
      unassigned: inspectorCount(input.openByAssignee.find((a) => a.staffId === null)?.count),
    },
    verification: {
      completed: verification.completed,
      withinSlaShare: verification.withinSlaShare,
      medianDays: shownFromGroup(verification.done, decisionMin, () => days(medianOfHistogram(input.decisions.verificationHours)!)),
    },
    investigation: { completed: investigation.completed, withinSlaShare: investigation.withinSlaShare },
    closure: {
      closed: decided(closed),
      medianDays: shownFromGroup(closed, decisionMin, () => days(medianOfHistogram(input.decisions.closingHours)!)),
      byOutcome: OUTCOMES.map((outcome) => ({ outcome, count: decided(sum(closings.filter((d) => d.outcome === outcome))) })),
    },
    breaches: {
      total: breachCount(breachTotal),
      byKind: BREACH_KINDS.map((kind) => ({ kind, count: breachCount(input.openBreaches.get(kind)) })),
    },
    satisfaction: {
      rated: ratingCount(rated),
      average: shownFromGroup(rated, min('satisfaction'), () => round(ratingSum / rated, 2)),
      byRating: RATINGS.map((rating) => ({ rating, count: ratingCount(input.ratings.get(rating)) })),
    },
    // By name, as defined: the order never depends on a hidden value.
    byLabel: input.labels.map((l) => ({ id: l.id, name: l.name, colour: l.colour, open: labelCount(l.open), all: labelCount(l.all) })),
  };
}

function byName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b, 'id');
}

function sum(rows: readonly DecisionCountRow[]): number {
  return rows.reduce((a, r) => a + r.count, 0);
}

/** One decision group with the whole hours since submission: what a query per decision gives. */
export interface DecisionRow extends DecisionCountRow {
  hours: number;
}

/** Folds decisions with their hours into counts and the two hour histograms. */
export function decisionCounts(rows: readonly DecisionRow[]): DecisionCounts {
  const key = (r: DecisionRow) => `${r.stage}|${r.closing}|${r.outcome}|${r.late}`;
  const groups = new Map<string, DecisionCountRow>();
  for (const r of rows) {
    const g = groups.get(key(r)) ?? { stage: r.stage, closing: r.closing, outcome: r.outcome, late: r.late, count: 0 };
    g.count += r.count;
    groups.set(key(r), g);
  }
  return {
    rows: [...groups.values()],
    verificationHours: histogram(rows.filter((r) => r.stage === 'verification')),
    closingHours: histogram(rows.filter((r) => r.closing)),
  };
}

function histogram(rows: readonly DecisionRow[]): Bucket[] {
  const byHour = new Map<number, number>();
  for (const r of rows) byHour.set(r.hours, (byHour.get(r.hours) ?? 0) + r.count);
  return [...byHour.entries()].map(([value, count]) => ({ value, count }));
}

/** Whole hours to days, one decimal. */
function days(hours: number): number {
  return round(hours / 24, 1);
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
