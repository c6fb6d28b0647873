import '../intake';
import { Lang, LANGUAGES, t } from '../platform/i18n/i18n';

/**
 * What an admin can set to make the site their inspectorate's own. `line`: one line of plain
 * text; `lines`: plain text that may break lines; `blocks`: Markdown with paragraphs and lists;
 * `inline`: Markdown inside one sentence (the consent statement sits in a checkbox label).
 */
export type BrandFieldKind = 'line' | 'lines' | 'blocks' | 'inline';

export interface BrandField {
  key: string;
  kind: BrandFieldKind;
  /** In both languages (`<key>_id`, `<key>_en`), or one value for both (a phone number). */
  bilingual: boolean;
  max: number;
  required: boolean;
}

export const BRAND_FIELDS: readonly BrandField[] = [
  { key: 'org_name', kind: 'line', bilingual: true, max: 120, required: true },
  { key: 'short_name', kind: 'line', bilingual: true, max: 40, required: true },
  { key: 'phone', kind: 'line', bilingual: false, max: 40, required: false },
  { key: 'address', kind: 'lines', bilingual: false, max: 300, required: false },
  { key: 'office_hours', kind: 'line', bilingual: true, max: 120, required: false },
  { key: 'landing_title', kind: 'line', bilingual: true, max: 160, required: true },
  { key: 'landing_text', kind: 'blocks', bilingual: true, max: 3000, required: true },
  { key: 'report_intro', kind: 'blocks', bilingual: true, max: 2000, required: true },
  { key: 'receipt_text', kind: 'blocks', bilingual: true, max: 2000, required: true },
  { key: 'consent_text', kind: 'inline', bilingual: true, max: 1000, required: true },
];

/** The form and API names of a field's values: `org_name_id` and `org_name_en`, or `phone`. */
export function valueNames(field: BrandField): string[] {
  return field.bilingual ? LANGUAGES.map((lang) => `${field.key}_${lang}`) : [field.key];
}

export const BRAND_VALUE_NAMES: readonly string[] = BRAND_FIELDS.flatMap(valueNames);

/** Every value by its form name, e.g. `{ org_name_id: 'Inspektorat Kota Kendari', phone: '' }`. */
export type BrandValues = Record<string, string>;

/**
 * A fresh install reads exactly as the site did before these settings existed: Kendari's names,
 * and the page texts taken from the pages' own dictionaries.
 */
const DEFAULT_NAMES: Record<string, Record<Lang, string>> = {
  org_name: { id: 'Inspektorat Kota Kendari', en: 'Kendari City Inspectorate' },
  // As it reads inside a sentence of the mail footer ("Pesan otomatis dari WBS Inspektorat", "from the inspectorate's WBS").
  short_name: { id: 'Inspektorat', en: 'the inspectorate' },
  office_hours: { id: '', en: '' },
};

const DEFAULT_TEXT_KEYS: Record<string, string> = {
  landing_title: 'landing.title',
  landing_text: 'landing.lead',
  report_intro: 'report.intro',
  receipt_text: 'receipt.thanks',
  consent_text: 'report.consent',
};

export function defaultValues(): BrandValues {
  const values: BrandValues = { phone: '', address: '' };
  for (const lang of LANGUAGES) {
    for (const [key, names] of Object.entries(DEFAULT_NAMES)) values[`${key}_${lang}`] = names[lang];
    // Dictionary texts are plain; escape what Markdown would read as syntax.
    for (const [key, i18nKey] of Object.entries(DEFAULT_TEXT_KEYS)) {
      const text = t(lang, i18nKey);
      values[`${key}_${lang}`] = isMarkdown(key) ? asMarkdown(text) : text;
    }
  }
  return values;
}

export function brandField(key: string): BrandField | undefined {
  return BRAND_FIELDS.find((f) => f.key === key);
}

function isMarkdown(key: string): boolean {
  const kind = brandField(key)?.kind;
  return kind === 'blocks' || kind === 'inline';
}

function asMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#])/g, '\\$1');
}
