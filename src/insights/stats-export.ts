import { t, type Lang } from '../platform/i18n/i18n';
import { isHidden, Shown } from './small-groups';
import type { StatsDashboard } from './stats-dashboard';
import './insights.i18n';

/** One published number: what it is about, and its value (or that it is hidden, or none). */
export interface StatsLine {
  section: string;
  key: string;
  label: string;
  value: Shown | null;
  unit: 'count' | 'share' | 'days' | 'average';
}

/**
 * The dashboard as one table (section, key, label, value), shared by the CSV and XLSX exports
 * so both carry exactly what the page shows, small-group rule included: a hidden value is
 * written as "< 3", an empty group's share or median as nothing.
 */
export function statsLines(d: StatsDashboard, lang: Lang): StatsLine[] {
  const lines: StatsLine[] = [];
  const add = (section: string, key: string, label: string, value: Shown | null, unit: StatsLine['unit'] = 'count') => lines.push({ section, key, label, value, unit });
  add('reports', 'total', t(lang, 'insights.reports_total'), d.reports.total);
  for (const m of d.reports.byMonth) add('reports_by_month', m.month, m.month, m.count);
  for (const c of d.reports.byCategory) add('reports_by_category', c.code, c.name, c.count);
  for (const o of d.reports.byOpd) add('reports_by_opd', o.code ?? '', o.name ?? t(lang, 'insights.no_opd'), o.count);
  for (const c of d.reports.byChannel) add('reports_by_channel', c.channel, t(lang, `insights.channel.${c.channel}`), c.count);
  add('open', 'total', t(lang, 'insights.open_total'), d.open.total);
  for (const s of d.open.byStatus) add('open_by_status', s.status, t(lang, `insights.status.${s.status}`), s.count);
  for (const i of d.open.byInspector) add('open_by_inspector', i.staffId, i.name, i.count);
  add('open_by_inspector', '', t(lang, 'insights.unassigned'), d.open.unassigned);
  add('verification', 'completed', t(lang, 'insights.verifications_completed'), d.verification.completed);
  add('verification', 'within_sla_share', t(lang, 'insights.within_sla'), d.verification.withinSlaShare, 'share');
  add('verification', 'median_days', t(lang, 'insights.median_days_to_verify'), d.verification.medianDays, 'days');
  add('investigation', 'completed', t(lang, 'insights.investigations_completed'), d.investigation.completed);
  add('investigation', 'within_sla_share', t(lang, 'insights.within_sla'), d.investigation.withinSlaShare, 'share');
  add('closure', 'closed', t(lang, 'insights.cases_closed'), d.closure.closed);
  add('closure', 'median_days', t(lang, 'insights.median_days_to_close'), d.closure.medianDays, 'days');
  for (const o of d.closure.byOutcome) add('closure_by_outcome', o.outcome, t(lang, `insights.outcome.${o.outcome}`), o.count);
  add('breaches_open', 'total', t(lang, 'insights.breaches_total'), d.breaches.total);
  for (const b of d.breaches.byKind) add('breaches_open_by_kind', b.kind, t(lang, `insights.kind.${b.kind}`), b.count);
  add('satisfaction', 'rated', t(lang, 'insights.ratings_total'), d.satisfaction.rated);
  add('satisfaction', 'average', t(lang, 'insights.rating_average'), d.satisfaction.average, 'average');
  for (const r of d.satisfaction.byRating) add('satisfaction_by_rating', String(r.rating), t(lang, 'insights.rating_n', { n: r.rating }), r.count);
  for (const l of d.byLabel) add('open_by_label', l.id, l.name, l.open);
  for (const l of d.byLabel) add('reports_by_label', l.id, l.name, l.all);
  for (const x of d.reports.byOpdCategory) {
    add('reports_by_opd_category', `${x.opdCode ?? ''}/${x.categoryCode}`, `${x.opdName ?? t(lang, 'insights.no_opd')} / ${x.categoryName}`, x.count);
  }
  return lines;
}

/** The filters and the rule the numbers were made with, first in every export. */
function headerLines(d: StatsDashboard, lang: Lang): [string, string, string, string][] {
  return [
    ['filter', 'from', t(lang, 'insights.from'), d.filters.from],
    ['filter', 'to', t(lang, 'insights.to'), d.filters.to],
    ['filter', 'category', t(lang, 'insights.category'), d.filters.category ?? ''],
    ['filter', 'min_group', t(lang, 'insights.min_group'), String(d.minGroup)],
    ['filter', 'generated_at', t(lang, 'insights.generated_at'), d.generatedAt],
  ];
}

export type StatsUnit = StatsLine['unit'];

/** The summary's measures, in order, as the page and the workbook show them. */
export function summaryMeasures(d: StatsDashboard): { key: string; value: Shown | null; unit: StatsUnit }[] {
  return [
    { key: 'insights.reports_total', value: d.reports.total, unit: 'count' },
    { key: 'insights.open_total', value: d.open.total, unit: 'count' },
    { key: 'insights.verifications_completed', value: d.verification.completed, unit: 'count' },
    { key: 'insights.verifications_within_sla', value: d.verification.withinSlaShare, unit: 'share' },
    { key: 'insights.median_days_to_verify', value: d.verification.medianDays, unit: 'days' },
    { key: 'insights.investigations_completed', value: d.investigation.completed, unit: 'count' },
    { key: 'insights.investigations_within_sla', value: d.investigation.withinSlaShare, unit: 'share' },
    { key: 'insights.cases_closed', value: d.closure.closed, unit: 'count' },
    { key: 'insights.median_days_to_close', value: d.closure.medianDays, unit: 'days' },
    { key: 'insights.breaches_total', value: d.breaches.total, unit: 'count' },
    { key: 'insights.ratings_total', value: d.satisfaction.rated, unit: 'count' },
    { key: 'insights.rating_average', value: d.satisfaction.average, unit: 'average' },
  ];
}

/** One breakdown of the dashboard: a count per group (per month, per category …). */
export interface StatsBreakdown {
  id: string;
  /** The i18n keys of its title and of the column that names its groups. */
  titleKey: string;
  groupKey: string;
  items: { label: string; count: Shown }[];
}

/** The breakdowns, in order, as the page and the workbook show them; `monthLabel` words a `YYYY-MM` month. */
export function breakdowns(d: StatsDashboard, lang: Lang, monthLabel: (month: string) => string): StatsBreakdown[] {
  const counts = <G extends { count: Shown }>(groups: G[], label: (group: G) => string) => groups.map((g) => ({ label: label(g), count: g.count }));
  const items = {
    month: counts(d.reports.byMonth, (m) => monthLabel(m.month)),
    category: counts(d.reports.byCategory, (c) => c.name),
    opd: counts(d.reports.byOpd, (o) => o.name ?? t(lang, 'insights.no_opd')),
    channel: counts(d.reports.byChannel, (c) => t(lang, `insights.channel.${c.channel}`)),
    status: counts(d.open.byStatus, (s) => t(lang, `insights.status.${s.status}`)),
    inspector: [...counts(d.open.byInspector, (i) => i.name), { label: t(lang, 'insights.unassigned'), count: d.open.unassigned }],
    outcome: counts(d.closure.byOutcome, (o) => t(lang, `insights.outcome.${o.outcome}`)),
    breach: counts(d.breaches.byKind, (b) => t(lang, `insights.kind.${b.kind}`)),
    rating: counts(d.satisfaction.byRating, (r) => t(lang, 'insights.rating_n', { n: r.rating })),
  };
  const breakdown = (id: keyof typeof items, titleKey: string, groupKey: string): StatsBreakdown => ({ id, titleKey, groupKey, items: items[id] });
  return [
    breakdown('month', 'insights.by_month', 'insights.month'),
    breakdown('category', 'insights.by_category', 'insights.category'),
    breakdown('opd', 'insights.by_opd', 'insights.opd'),
    breakdown('channel', 'insights.by_channel', 'insights.channel'),
    breakdown('status', 'insights.open_by_status', 'insights.status'),
    breakdown('inspector', 'insights.open_by_inspector', 'insights.inspector'),
    breakdown('outcome', 'insights.outcomes', 'insights.outcome'),
    breakdown('breach', 'insights.breaches_by_kind', 'insights.kind'),
    breakdown('rating', 'insights.ratings_by_rating', 'insights.rating'),
  ];
}

export function hiddenText(below: number): string {
  return `< ${below}`;
}

export function dashboardCsv(d: StatsDashboard, lang: Lang): string {
  const rows: string[][] = [['section', 'key', 'label', 'value'], ...headerLines(d, lang)];
  for (const l of statsLines(d, lang)) {
    const value = l.value === null ? '' : isHidden(l.value) ? hiddenText(l.value.below) : String(l.value);
    rows.push([l.section, l.key, l.label, value]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula (names
 * are typed by admins).
 */
export function csvCell(value: string): string {
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
