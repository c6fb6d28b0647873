import { Get, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Brand } from '../branding';
import { BRAND_FIELDS, BrandValues, valueNames } from '../branding';
import { BrandingService, LogoChange } from '../branding';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE, LOGO_MIN_SIDE } from '../branding';
import { formErrors } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, LANGUAGES, t } from '../platform/i18n/i18n';
import { redirect } from '../platform/views/page';
import { hbs } from '../platform/views/view-engine';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { SkipCsrf, StaffPages } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, isFormError } from './admin-page';
import { readBrandingForm } from './branding-form';

const GROUPS: { title: string; keys: string[] }[] = [
  { title: 'branding.section_names', keys: ['org_name', 'short_name'] },
  { title: 'branding.section_contact', keys: ['phone', 'address', 'office_hours'] },
  { title: 'branding.section_texts', keys: ['landing_title', 'landing_text', 'report_intro', 'receipt_text', 'consent_text'] },
];

/**
 * The inspectorate's name, contact details, texts and logo (admins). One multipart form with two
 * buttons: "Preview" re-renders the page with the texts as the public pages would show them and
 * stores nothing; "Save" stores. Works without JavaScript.
 */
@StaffPages('staff/admin/branding', Role.Admin)
export class BrandingPagesController {
  constructor(
    private readonly branding: BrandingService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('saved') saved?: string) {
    const settings = await this.branding.settings(me);
    return brandingPage(lang, 200, { values: settings.values, logoUrl: settings.logo?.url ?? null, saved: saved === '1' });
  }

  @Post()
  @SkipCsrf() // checked below, once the multipart body is read
  async submit(@CurrentStaff() me: StaffRef, @Req() req: Request, @RequestLang() lang: Lang) {
    const form = await readBrandingForm(req);
    this.auth.assertCsrf(me.sessionId, form.fields._csrf);
    const logo: LogoChange = form.logo ? { upload: form.logo } : form.fields.remove_logo === 'yes' ? { remove: true } : null;
    const settings = await this.branding.settings(me);
    const logoUrl = settings.logo?.url ?? null;
    try {
      if (form.fields.action === 'preview') {
        const preview = await this.branding.preview(me, form.fields, logo);
        return brandingPage(lang, 200, {
          values: preview.values,
          logoUrl,
          preview: previewModel(preview.brand, preview.logoDataUrl),
          logoAgain: Boolean(preview.logoDataUrl),
          removeLogo: form.fields.remove_logo === 'yes',
        });
      }
      await this.branding.update(me, form.fields, logo);
      return redirect('/staff/admin/branding?saved=1');
    } catch (e) {
      if (!isFormError(e)) throw e;
      const values = { ...settings.values, ...typed(form.fields) };
      return brandingPage(lang, e.status, { values, logoUrl, removeLogo: form.fields.remove_logo === 'yes', ...formErrors(e, lang) });
    }
  }
}

function brandingPage(lang: Lang, status: number, model: { values: BrandValues; logoUrl: string | null; errors?: { field: string; message: string }[] } & Record<string, unknown>) {
  return adminPage(
    'admin/branding',
    'branding',
    t(lang, 'branding.title'),
    {
      ...model,
      groups: formGroups(lang, model.values),
      logoHint: t(lang, 'branding.logo_hint', { maxKb: LOGO_MAX_BYTES / 1024, min: LOGO_MIN_SIDE, max: LOGO_MAX_SIDE }),
    },
    status,
  );
}

/** What was typed, as typed, for the form shown again. */
function typed(fields: Record<string, string>): BrandValues {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string'));
}

function formGroups(lang: Lang, values: BrandValues) {
  return GROUPS.map((group) => ({
    title: t(lang, group.title),
    inputs: group.keys.flatMap((key) => {
      const field = BRAND_FIELDS.find((f) => f.key === key)!;
      return valueNames(field).map((name, i) => ({
        name,
        label: field.bilingual ? `${t(lang, `branding.field.${key}`)} (${t(lang, `branding.lang.${LANGUAGES[i]}`)})` : t(lang, `branding.field.${key}`),
        inputLang: field.bilingual ? LANGUAGES[i] : null,
        multiline: field.kind !== 'line',
        rows: field.kind === 'blocks' ? 6 : 3,
        max: field.max,
        required: field.required,
        hint: field.kind === 'blocks' ? t(lang, 'branding.markdown_hint') : field.kind === 'inline' ? t(lang, 'branding.inline_hint') : null,
        value: values[name] ?? '',
      }));
    }),
  }));
}

/** The rendered texts in both languages; the HTML is the server's Markdown output, safe to insert. */
function previewModel(brand: Brand, logoDataUrl: string | null) {
  const html = (s: string) => new hbs.handlebars.SafeString(s);
  return LANGUAGES.map((lang) => {
    const b = brand[lang];
    return {
      lang,
      logoUrl: logoDataUrl ?? brand.logoUrl,
      org_name: b.org_name,
      short_name: b.short_name,
      landing_title: b.landing_title,
      landing_text: html(b.landing_text),
      report_intro: html(b.report_intro),
      receipt_text: html(b.receipt_text),
      consent_text: html(b.consent_text),
      phone: b.phone,
      address: b.address,
      office_hours: b.office_hours,
    };
  });
}
