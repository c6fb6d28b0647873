import type { SafeString } from 'handlebars';
import hbs from 'hbs';
import { t, type Lang } from '../platform/i18n/i18n';
import { Bar, renderBarChart } from './bar-chart';
import { isHidden, Shown, STATS_TABLES } from './small-groups';
import type { StatsDashboard } from './stats-dashboard';
import { breakdowns, hiddenText, StatsBreakdown, summaryMeasures } from './stats-export';
import './insights.i18n';

export interface StatRow {
  label: string;
  value: string;
}

export interface PageSection {
  id: string;
  title: string;
  /** Header of the table's first column (Month, Category, …). */
  groupHeader: string;
  /** The chart's SVG, escaped by renderBarChart; null when there is nothing to draw. */
  chart: SafeString | null;
  rows: StatRow[];
}

/**
 * The dashboard as the page shows it: a summary table, then one section per breakdown with a
 * bar chart and the same numbers in a table, all formatted in the page's language.
 */
export function dashboardPage(d: StatsDashboard, lang: Lang, timeZone: string) {
  const numbers = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { style: 'percent', maximumFractionDigits: 1 });
  const monthName = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const average = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const text = (v: Shown | null, unit: 'count' | 'share' | 'days' | 'average' = 'count'): string => {
    if (v === null) return t(lang, 'insights.none');
    if (isHidden(v)) return hiddenText(v.below);
    if (unit === 'share') return percent.format(v);
    if (unit === 'average') return t(lang, 'insights.rating_of_5', { n: average.format(v) });
    if (unit === 'days') return t(lang, 'insights.days', { n: numbers.format(v) });
    return numbers.format(v);
  };
  const desc = t(lang, 'insights.chart_desc', { min: d.minGroup });

  const section = ({ id, titleKey, groupKey, items }: StatsBreakdown): PageSection => {
    const title = t(lang, titleKey);
    const rows = items.map((i) => ({ label: i.label, value: text(i.count) }));
    const bars: Bar[] = items.map((i) => ({ label: i.label, value: isHidden(i.count) ? null : i.count, text: text(i.count) }));
    const drawn = bars.length > 0 && bars.some((b) => b.value !== 0);
    return { id: `stats-${id}`, title, groupHeader: t(lang, groupKey), chart: drawn ? new hbs.handlebars.SafeString(renderBarChart({ id: `chart-${id}`, title, desc, bars })) : null, rows };
  };
  const monthLabel = (month: string) => monthName.format(new Date(`${month}-01T00:00:00Z`));

  const summary: StatRow[] = summaryMeasures(d).map((m) => ({ label: t(lang, m.key), value: text(m.value, m.unit) }));

  const sections: PageSection[] = breakdowns(d, lang, monthLabel).map(section);

  // Two numbers per label (open now, all of the period): a table of its own, no chart.
  const labels = d.byLabel.map((l) => ({ id: l.id, name: l.name, open: text(l.open), all: text(l.all) }));

  const rule = d.minGroup <= 1 ? 'small_groups_off' : d.smallGroupTables.length === STATS_TABLES.length ? 'small_groups' : 'small_groups_supervisor';
  const definitions = ['reports', 'open', 'verification', 'investigation', 'within_sla', 'closure', 'median', 'satisfaction', rule].map((k) =>
    t(lang, `insights.def_${k}`, { tz: timeZone, min: d.minGroup, below: d.minGroup - 1 }),
  );
  return { summary, sections, labels, definitions, periodCaption: t(lang, 'insights.period_caption', { from: d.filters.from, to: d.filters.to }) };
}
