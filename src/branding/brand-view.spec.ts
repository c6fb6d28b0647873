import { t } from '../platform/i18n/i18n';
import { brandView, DEFAULT_LOGO_URL, defaultBrand, logoUrl } from './brand-view';
import { BRAND_VALUE_NAMES, defaultValues } from './branding-fields';
import { valueErrors } from './branding.service';
import '../platform/views/site.i18n';

describe('brandView', () => {
  it('renders the defaults exactly as the pages wrote them before the settings existed', () => {
    const brand = defaultBrand();
    expect(brand.logoUrl).toBe(DEFAULT_LOGO_URL);
    expect(brand.id.landing_text).toBe(`<p class="lead">${t('id', 'landing.lead')}</p>\n`);
    expect(brand.en.report_intro).toBe(`<p>${t('en', 'report.intro')}</p>\n`);
    expect(brand.id.consent_text).toBe(t('id', 'report.consent'));
    expect(brand.id.landing_title).toBe(t('id', 'landing.title'));
    expect(t('id', 'site.name', { org: brand.id.org_name })).toBe('WBS Inspektorat Kota Kendari');
    expect(t('en', 'site.name', { org: brand.en.org_name })).toBe('WBS Kendari City Inspectorate');
    expect(brand.id.hasContact).toBe(false);
  });

  it('shows contact details once one is set, and names an uploaded logo by its hash and type', () => {
    expect(brandView({ office_hours_en: 'Mon–Fri 8–16' }, null).en.hasContact).toBe(true);
    expect(logoUrl({ type: 'image/png', hash: '0123456789abcdef' })).toBe('/branding/logo/0123456789abcdef.png');
    expect(logoUrl({ type: 'image/svg+xml', hash: '0123456789abcdef' })).toBe('/branding/logo/0123456789abcdef.svg');
  });
});

describe('valueErrors', () => {
  it('accepts the defaults', () => {
    expect(valueErrors(defaultValues())).toEqual([]);
    expect(Object.keys(defaultValues()).sort()).toEqual([...BRAND_VALUE_NAMES].sort());
  });

  it('names one problem per field: required, too long, a line break in a one-line field, a bad phone, a refused link', () => {
    const errors = valueErrors({
      ...defaultValues(),
      org_name_id: '',
      short_name_en: 'x'.repeat(41),
      landing_title_en: 'two\nlines',
      phone: '12',
      receipt_text_id: 'Lihat [ini](ftp://files.example)',
      consent_text_en: 'I agree <script>x</script>',
    });
    expect(errors).toEqual([
      { field: 'org_name_id', message: 'branding.required' },
      { field: 'short_name_en', message: 'branding.too_long', params: { max: 40 } },
      { field: 'phone', message: 'branding.phone_invalid' },
      { field: 'landing_title_en', message: 'input.line_break' },
      { field: 'receipt_text_id', message: 'branding.link_scheme', params: { link: 'ftp://files.example' } },
    ]);
  });
});
