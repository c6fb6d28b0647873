import type { HelperOptions } from 'handlebars';
import { isLang, Lang } from '../platform/i18n/i18n';
import { hbs } from '../platform/views/view-engine';
import { Brand, BrandTexts, defaultBrand } from './brand-view';

function brandOf(options: HelperOptions): { brand: Brand; lang: Lang } {
  const root = options?.data?.root ?? {};
  return { brand: (root.brand as Brand | undefined) ?? defaultBrand(), lang: isLang(root.lang) ? root.lang : 'id' };
}

/**
 * `{{brand "org_name"}}`: a plain brand text in the page's language, escaped like any value.
 * `{{brandHtml "landing_text"}}`: Markdown the server rendered (branding-markdown.ts), inserted as is.
 * `{{brandLogo}}`: the logo's URL. Pages get the brand through res.locals (BrandingService.pageLocals).
 */
export function registerBrandHelpers(): void {
  hbs.registerHelper('brand', (key: keyof BrandTexts, options: HelperOptions) => {
    const { brand, lang } = brandOf(options);
    return brand[lang][key] ?? '';
  });
  hbs.registerHelper('brandHtml', (key: keyof BrandTexts, options: HelperOptions) => {
    const { brand, lang } = brandOf(options);
    return new hbs.handlebars.SafeString(String(brand[lang][key] ?? ''));
  });
  hbs.registerHelper('brandLogo', (options: HelperOptions) => brandOf(options).brand.logoUrl);
}
