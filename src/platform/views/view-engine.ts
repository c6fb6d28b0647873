import hbs from 'hbs';
import type { HelperOptions } from 'handlebars';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLang, t, Lang } from '../i18n/i18n';
import './site.i18n';
import { formatRupiah } from '../i18n/rupiah';

/**
 * Templates stay in the source tree (`src/<module>/views/<module>/<page>.hbs`), so the compiled
 * app and the tests render the very same files. Layouts and partials live in platform/views.
 */
export const SRC_ROOT = findSrcRoot();

function findSrcRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return path.join(dir, 'src');
}

/** The views folders of every module, plus platform's. */
export function viewDirectories(): string[] {
  return fs
    .readdirSync(SRC_ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(SRC_ROOT, d.name, 'views')))
    .map((d) => path.join(SRC_ROOT, d.name, 'views'));
}

/**
 * Shared partials (platform/views/partials) and each module's own (`src/<module>/views/partials`),
 * so a module keeps the markup of its part of a page beside its other views. One namespace: a
 * module's partial must not reuse a name already taken.
 */
export function partialDirectories(): string[] {
  return viewDirectories()
    .map((views) => path.join(views, 'partials'))
    .filter((dir) => fs.existsSync(dir))
    .sort((a, b) => Number(b.includes(`${path.sep}platform${path.sep}`)) - Number(a.includes(`${path.sep}platform${path.sep}`)));
}

let registered = false;

export function registerViewHelpers(timeZone: string): void {
  if (registered) return;
  registered = true;
  // Synchronously: hbs.registerPartials reads the folder in the background, racing the first page.
  for (const partials of partialDirectories()) {
    for (const file of fs.readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
      hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partials, file), 'utf8'));
    }
  }
  // {{t "key" name=value}}: translated with the page's language (root context `lang`).
  hbs.registerHelper('t', function (this: unknown, key: string, options: HelperOptions) {
    const lang: Lang = isLang(options?.data?.root?.lang) ? options.data.root.lang : 'id';
    return t(lang, key, options?.hash);
  });
  hbs.registerHelper('abs', (n: number) => Math.abs(Number(n)));
  hbs.registerHelper('rupiah', (n: number) => formatRupiah(Number(n)));
  // Compact JSON of clear metadata (audit details); escaped like any {{ }} output.
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  // A message is new when the reader had never opened the page, or opened it before the message.
  hbs.registerHelper('isNewer', (at: Date | string | null, since: Date | string | null) => Boolean(at) && (!since || new Date(at!) > new Date(since)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
  // Dates in the inspectorate's time zone, in the page's language. `zone=true` names the zone
  // (WITA for Asia/Makassar): reporters may read the page from another zone, or over Tor.
  const zoneName = zoneAbbreviation(timeZone);
  hbs.registerHelper('date', function (value: Date | string | null, options: HelperOptions) {
    if (!value) return '';
    const lang: Lang = isLang(options?.data?.root?.lang) ? options.data.root.lang : 'id';
    const text = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    }).format(new Date(value));
    return options?.hash?.zone ? `${text} ${zoneName}` : text;
  });
  // A calendar day (YYYY-MM-DD, no time: a received-on or letter date) in the page's language.
  hbs.registerHelper('day', function (value: string | null, options: HelperOptions) {
    if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return value ?? '';
    const lang: Lang = isLang(options?.data?.root?.lang) ? options.data.root.lang : 'id';
    return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T12:00:00Z`));
  });
  hbs.registerHelper('fieldError', (errors: { field: string; message: string }[] | undefined, field: string) => errors?.find((e) => e.field === field)?.message);
}

/** The zone's Indonesian short name (WIB, WITA, WIT), which Indonesians read in either language. */
export function zoneAbbreviation(timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(0)).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

export { hbs };
