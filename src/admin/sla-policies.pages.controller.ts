import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { SlaPoliciesService, SlaPolicyInput } from '../cases';
import { DEFAULT_POLICY, POLICY_LIMITS } from '../cases';
import { formErrors } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { redirect } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import { StaffPages } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, isFormError } from './admin-page';
import { parseSlaPolicy } from './dto/sla.dto';

/** SLA policies for admins: every category's effective days, and one category's override. */
@StaffPages('staff/admin/sla', Role.Admin)
export class SlaPoliciesPagesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  @Get()
  async list(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang) {
    const policies = await this.policies.all(me);
    return adminPage('admin/sla-policies', 'sla', t(lang, 'admin.sla_title'), { policies, defaults: DEFAULT_POLICY });
  }

  @Get(':category')
  edit(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('category') category: string, @Query('saved') saved?: string) {
    return this.editPage(me, lang, category, 200, null, { saved: saved === '1' });
  }

  @Post(':category')
  async update(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('category') category: string, @Body() body: unknown) {
    const input = parseSlaPolicy(body);
    try {
      await this.policies.set(me, category, input);
      return redirect(`/staff/admin/sla/${encodeURIComponent(category)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return this.editPage(me, lang, category, e.status, input, formErrors(e, lang));
    }
  }

  /** Nothing to correct: an unknown category goes to the error page. */
  @Post(':category/reset')
  async reset(@CurrentStaff() me: StaffRef, @Param('category') category: string) {
    await this.policies.reset(me, category);
    return redirect(`/staff/admin/sla/${encodeURIComponent(category)}?saved=1`);
  }

  private async editPage(me: StaffRef, lang: Lang, category: string, status: number, posted: SlaPolicyInput | null, extra: Record<string, unknown>) {
    const view = await this.policies.get(me, category);
    const name = lang === 'en' ? view.nameEn : view.nameId;
    const model = { p: view, name, v: posted ?? view.policy, defaults: DEFAULT_POLICY, limits: POLICY_LIMITS, ...extra };
    return adminPage('admin/sla-policy-edit', 'sla', t(lang, 'admin.sla_edit_title', { name }), model, status);
  }
}
