import { Lang, LANGUAGES } from '../platform/i18n/i18n';
import { BRAND_FIELDS, BrandValues, defaultValues } from './branding-fields';
import { renderBlocks, renderInline } from './branding-markdown';
import type { Logo } from './logo-check';

/** What the pages, mails and the PDF show, per language; Markdown already rendered and safe. */
export interface BrandTexts {
  org_name: string;
  short_name: string;
  phone: string;
  address: string;
  office_hours: string;
  landing_title: string;
  /** Rendered HTML. */
  landing_text: string;
  report_intro: string;
  receipt_text: string;
  consent_text: string;
  hasContact: boolean;
}

export interface Brand {
  logoUrl: string;
  id: BrandTexts;
  en: BrandTexts;
}

export const DEFAULT_LOGO_URL = '/assets/logo.svg';

export function logoUrl(logo: Pick<Logo, 'type' | 'hash'> | null): string {
  return logo ? `/branding/logo/${logo.hash}.${logo.type === 'image/png' ? 'png' : 'svg'}` : DEFAULT_LOGO_URL;
}

/** The values merged over the defaults, rendered once (pages are hot paths: render on change, not per request). */
export function brandView(values: BrandValues, logo: Pick<Logo, 'type' | 'hash'> | null): Brand {
  const merged = { ...defaultValues(), ...values };
  const texts = (lang: Lang): BrandTexts => {
    const out: Record<string, string | boolean> = {};
    for (const field of BRAND_FIELDS) {
      const value = merged[field.bilingual ? `${field.key}_${lang}` : field.key] ?? '';
      // The landing text keeps the `lead` paragraphs the page always had.
      out[field.key] = field.kind === 'blocks' ? renderBlocks(value, { paragraphClass: field.key === 'landing_text' ? 'lead' : undefined }) : field.kind === 'inline' ? renderInline(value) : value;
    }
    out.hasContact = Boolean(out.phone || out.address || out.office_hours);
    return out as unknown as BrandTexts;
  };
  return { logoUrl: logoUrl(logo), ...(Object.fromEntries(LANGUAGES.map((lang) => [lang, texts(lang)])) as Record<Lang, BrandTexts>) };
}

let defaults: Brand | null = null;

/** The built-in brand, for what is rendered before the settings are read (or without a request). */
export function defaultBrand(): Brand {
  return (defaults ??= brandView({}, null));
}
