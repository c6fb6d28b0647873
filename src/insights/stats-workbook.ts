import ExcelJS from 'exceljs';
import { t, type Lang } from '../platform/i18n/i18n';
import { isHidden, Shown } from './small-groups';
import type { StatsDashboard } from './stats-dashboard';
import { breakdowns, hiddenText, StatsBreakdown, StatsUnit, summaryMeasures } from './stats-export';
import './insights.i18n';

type Value = Shown | null;

/** One table of the workbook: a sheet with a header row, a text column or two, then numbers. */
export interface WorkbookTable {
  id: string;
  headers: string[];
  /** Leading text cells, then values (with their unit). */
  rows: { text: string[]; values: { value: Value; unit: StatsUnit }[] }[];
}

/**
 * The dashboard as the tables of a report (to the mayor, say): a sheet about what was counted
 * and how, the summary, then one sheet per breakdown, each with a header row. Numbers stay
 * numbers (formatted as shares, days or averages); hidden ones read "< 3" like on the page.
 */
export function workbookTables(d: StatsDashboard, lang: Lang): WorkbookTable[] {
  const count = (value: Value) => [{ value, unit: 'count' as const }];
  const table = ({ id, groupKey, items }: StatsBreakdown): WorkbookTable => ({
    id,
    headers: [t(lang, groupKey), t(lang, 'insights.count')],
    rows: items.map((i) => ({ text: [i.label], values: count(i.count) })),
  });
  const monthName = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const noOpd = t(lang, 'insights.no_opd');
  // Opd by category: two text columns, so a table of its own, after the one by opd.
  const opdCategory: WorkbookTable = {
    id: 'opd_category',
    headers: [t(lang, 'insights.opd'), t(lang, 'insights.category'), t(lang, 'insights.count')],
    rows: d.reports.byOpdCategory.map((x) => ({ text: [x.opdName ?? noOpd, x.categoryName], values: count(x.count) })),
  };
  return [
    {
      id: 'summary',
      headers: [t(lang, 'insights.measure'), t(lang, 'insights.value')],
      rows: summaryMeasures(d).map((m) => ({ text: [t(lang, m.key)], values: [{ value: m.value, unit: m.unit }] })),
    },
    ...breakdowns(d, lang, (month) => monthName.format(new Date(`${month}-01T00:00:00Z`))).flatMap((b) => (b.id === 'opd' ? [table(b), opdCategory] : [table(b)])),
    {
      id: 'label',
      headers: [t(lang, 'insights.label'), t(lang, 'insights.label_open'), t(lang, 'insights.label_all')],
      rows: d.byLabel.map((l) => ({ text: [l.name], values: [...count(l.open), ...count(l.all)] })),
    },
  ];
}

const FORMATS: Record<StatsUnit, string> = { count: '#,##0', share: '0.0%', days: '0.0', average: '0.00' };

export async function dashboardXlsx(d: StatsDashboard, lang: Lang): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'WBS';
  // A fixed date keeps the file a function of the numbers (the generation time is in the sheet).
  book.created = new Date(d.generatedAt);
  book.modified = book.created;

  const about = book.addWorksheet(t(lang, 'insights.sheet.about'));
  about.columns = [{ width: 40 }, { width: 90 }];
  addHeader(about, [t(lang, 'insights.measure'), t(lang, 'insights.value')]);
  const rule = t(lang, 'insights.rule_yes', { below: d.minGroup - 1, min: d.minGroup });
  for (const row of [
    [t(lang, 'insights.from'), d.filters.from],
    [t(lang, 'insights.to'), d.filters.to],
    [t(lang, 'insights.category'), d.filters.category ?? t(lang, 'insights.all_categories')],
    [t(lang, 'insights.min_group'), d.minGroup],
    [t(lang, 'insights.rule_applied'), d.minGroup > 1 ? rule : '—'],
    [t(lang, 'insights.generated_at'), d.generatedAt],
  ]) {
    about.addRow(row);
  }

  for (const table of workbookTables(d, lang)) {
    const sheet = book.addWorksheet(t(lang, `insights.sheet.${table.id}`));
    sheet.columns = table.headers.map((_, i) => ({ width: i < table.headers.length - (table.rows[0]?.values.length ?? 1) ? 44 : 16 }));
    addHeader(sheet, table.headers);
    for (const r of table.rows) {
      // Typed strings and numbers only: nothing a spreadsheet would run as a formula.
      const row = sheet.addRow([...r.text, ...r.values.map((v) => (v.value === null ? null : isHidden(v.value) ? hiddenText(v.value.below) : v.value))]);
      r.values.forEach((v, i) => {
        const cell = row.getCell(r.text.length + 1 + i);
        if (typeof cell.value === 'number') cell.numFmt = FORMATS[v.unit];
        cell.alignment = { horizontal: 'right' };
      });
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function addHeader(sheet: ExcelJS.Worksheet, headers: string[]): void {
  const row = sheet.addRow(headers);
  row.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}
