import type { Lang } from '../platform/i18n/i18n';
import { medianOfHistogram, type Bucket } from './median';
import type { CategoryRow, DecisionRow, LabelCountRow, RatingCounts, SubmissionCounts } from './insights.repository';
import { Shown, shownCount, shownFromGroup } from './small-groups';
import type { StatsFilters } from './stats-filters';
import { OUTCOMES } from '../cases';

export const CHANNELS = ['web', 'api', 'phone', 'letter', 'in_person', 'email'] as const;
export const OPEN_STATUSES = ['received', 'verifying', 'investigating'] as const;
export const BREACH_KINDS = ['verification', 'investigation', 'feedback'] as const;
export const RATINGS = [5, 4, 3, 2, 1] as const;

/** The statistics for a period and category, as the page, the API and the exports publish them. */
export interface StatsDashboard {
  filters: StatsFilters;
  /** STATS_MIN_GROUP: counts of 1 to minGroup - 1 cases are published as `{ hidden: true, below: minGroup }`. */
  minGroup: number;
  generatedAt: string;
  reports: {
    total: Shown;
    byMonth: { month: string; count: Shown }[];
    byCategory: { code: string; name: string; count: Shown }[];
    byOpd: { code: string | null; name: string | null; count: Shown }[];
    byChannel: { channel: string; count: Shown }[];
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
  decisions: DecisionRow[];
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
export function assembleDashboard(input: DashboardInput, minGroup: number, lang: Lang, now: Date): StatsDashboard {
  const count = (n: number | undefined) => shownCount(n ?? 0, minGroup);
  const s = input.submissions;
  const name = (c: CategoryRow) => (lang === 'en' ? c.nameEn : c.nameId);

  const categories = input.filters.category
    ? input.categories.filter((c) => c.code === input.filters.category)
    : input.categories.filter((c) => c.active || (s.byCategory.get(c.code) ?? 0) > 0);

  const byOpd = [...s.byOpd.entries()]
    .filter(([, n]) => n > 0)
    .map(([code, n]) => ({ code, name: code === null ? null : (input.opdNames.get(code) ?? code), n }))
    .sort((a, b) => {
      const [aShown, bShown] = [a.n >= minGroup, b.n >= minGroup];
      if (aShown !== bShown) return aShown ? -1 : 1;
      return (aShown ? b.n - a.n : 0) || byName(a.name, b.name);
    })
    .map((o) => ({ code: o.code, name: o.name, count: count(o.n) }));

  const inspectors = input.openByAssignee
    .filter((a): a is { staffId: string; name: string; count: number } => a.staffId !== null)
    .sort((a, b) => byName(a.name, b.name) || a.staffId.localeCompare(b.staffId))
    .map((a) => ({ staffId: a.staffId, name: a.name, count: count(a.count) }));

  const stage = (which: DecisionRow['stage']): StageStats & { done: number; buckets: Bucket[] } => {
    const rows = input.decisions.filter((d) => d.stage === which);
    const done = sum(rows);
    const late = sum(rows.filter((d) => d.late));
    return {
      completed: count(done),
      withinSlaShare: shownFromGroup(done, minGroup, () => round((done - late) / done, 4)),
      done,
      buckets: histogram(rows),
    };
  };
  const verification = stage('verification');
  const investigation = stage('investigation');
  const closings = input.decisions.filter((d) => d.closing);
  const closed = sum(closings);

  const openTotal = [...input.openByStatus.values()].reduce((a, b) => a + b, 0);
  const breachTotal = [...input.openBreaches.values()].reduce((a, b) => a + b, 0);
  const rated = [...input.ratings.values()].reduce((a, b) => a + b, 0);
  const ratingSum = [...input.ratings.entries()].reduce((a, [rating, n]) => a + rating * n, 0);
  return {
    filters: input.filters,
    minGroup,
    generatedAt: now.toISOString(),
    reports: {
      total: count([...s.byMonth.values()].reduce((a, b) => a + b, 0)),
      byMonth: input.months.map((month, i) => ({ month, count: count(s.byMonth.get(i)) })),
      byCategory: categories.map((c) => ({ code: c.code, name: name(c), count: count(s.byCategory.get(c.code)) })),
      byOpd,
      byChannel: CHANNELS.map((channel) => ({ channel, count: count(s.byChannel.get(channel)) })),
    },
    open: {
      total: count(openTotal),
      byStatus: OPEN_STATUSES.map((status) => ({ status, count: count(input.openByStatus.get(status)) })),
      byInspector: inspectors,
      unassigned: count(input.openByAssignee.find((a) => a.staffId === null)?.count),
    },
    verification: {
      completed: verification.completed,
      withinSlaShare: verification.withinSlaShare,
      medianDays: shownFromGroup(verification.done, minGroup, () => days(medianOfHistogram(verification.buckets)!)),
    },
    investigation: { completed: investigation.completed, withinSlaShare: investigation.withinSlaShare },
    closure: {
      closed: count(closed),
      medianDays: shownFromGroup(closed, minGroup, () => days(medianOfHistogram(histogram(closings))!)),
      byOutcome: OUTCOMES.map((outcome) => ({ outcome, count: count(sum(closings.filter((d) => d.outcome === outcome))) })),
    },
    breaches: {
      total: count(breachTotal),
      byKind: BREACH_KINDS.map((kind) => ({ kind, count: count(input.openBreaches.get(kind)) })),
    },
    satisfaction: {
      rated: count(rated),
      average: shownFromGroup(rated, minGroup, () => round(ratingSum / rated, 2)),
      byRating: RATINGS.map((rating) => ({ rating, count: count(input.ratings.get(rating)) })),
    },
    // By name, as defined: the order never depends on a hidden value.
    byLabel: input.labels.map((l) => ({ id: l.id, name: l.name, colour: l.colour, open: count(l.open), all: count(l.all) })),
  };
}

function byName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b, 'id');
}

function sum(rows: readonly DecisionRow[]): number {
  return rows.reduce((a, r) => a + r.count, 0);
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

