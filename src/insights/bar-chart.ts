/**
 * Horizontal bar charts as inline SVG, drawn on the server: readable without JavaScript, no
 * third-party code, and CSP-safe (no `style` attribute, no script; colours and fonts come from
 * classes in wbs.css). Each chart names itself (`role="img"`, `<title>`, `<desc>`); the page
 * puts the same numbers in a table beside it, which is what screen readers and copy-paste use.
 *
 * Labels are category, OPD and staff names typed by admins, so every text is XML-escaped here;
 * the page then inserts the markup as is.
 */
export interface Bar {
  label: string;
  /** Length of the bar; null draws none (a hidden or empty value). */
  value: number | null;
  /** What is written at the end of the bar: the formatted number, or e.g. "< 3". */
  text: string;
}

export interface BarChart {
  /** Unique on the page; ids of the title and description derive from it. */
  id: string;
  title: string;
  desc: string;
  bars: Bar[];
}

const WIDTH = 640;
const LABEL_WIDTH = 250;
const VALUE_WIDTH = 60;
const BAR_SPACE = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const ROW = 26;
const BAR_HEIGHT = 16;
const PAD = 6;
const LABEL_MAX = 30;

export function renderBarChart(chart: BarChart): string {
  const id = chart.id.replace(/[^A-Za-z0-9_-]/g, '');
  const max = Math.max(0, ...chart.bars.map((b) => b.value ?? 0));
  const height = chart.bars.length * ROW + 2 * PAD;
  const rows = chart.bars.map((bar, i) => {
    const y = PAD + i * ROW;
    const baseline = y + ROW / 2 + 4;
    const width = bar.value && max > 0 ? Math.max(1, Math.round((bar.value / max) * BAR_SPACE)) : 0;
    const rect = width > 0 ? `<rect class="chart-bar" x="${LABEL_WIDTH}" y="${y + (ROW - BAR_HEIGHT) / 2}" width="${width}" height="${BAR_HEIGHT}"/>` : '';
    const valueClass = bar.value === null ? 'chart-value chart-hidden' : 'chart-value';
    return (
      `<g>` +
      `<text class="chart-label" x="${LABEL_WIDTH - 8}" y="${baseline}" text-anchor="end">${escapeXml(shorten(bar.label))}</text>` +
      rect +
      `<text class="${valueClass}" x="${LABEL_WIDTH + width + 6}" y="${baseline}">${escapeXml(bar.text)}</text>` +
      `</g>`
    );
  });
  return (
    `<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" focusable="false" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">${escapeXml(chart.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(chart.desc)}</desc>` +
    `<line class="chart-axis" x1="${LABEL_WIDTH}" y1="${PAD / 2}" x2="${LABEL_WIDTH}" y2="${height - PAD / 2}"/>` +
    rows.join('') +
    `</svg>`
  );
}

/** Long OPD names are cut in the chart; the table beside it has them whole. */
function shorten(label: string): string {
  const chars = [...label];
  return chars.length > LABEL_MAX ? `${chars.slice(0, LABEL_MAX - 1).join('')}…` : label;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
