import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SlaPoliciesService, SlaPolicyInput } from '../cases';
import { DEFAULT_POLICY, POLICY_LIMITS } from '../cases';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, formErrors, isFormError } from './admin-page';
import { parseSlaPolicy } from './dto/sla.dto';

/** SLA policies for admins: every category's effective days, and one category's override. */
@ApiExcludeController()
@Controller('staff/admin/sla')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class SlaPoliciesPagesController {
  constructor(
    private readonly policies: SlaPoliciesService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async list(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response) {
    const policies = await this.policies.all(me);
    res.render('admin/sla-policies', adminPage(this.auth, me, req, 'sla', t(requestLang(req), 'admin.sla_title'), { policies, defaults: DEFAULT_POLICY }));
  }

  @Get(':category')
  async edit(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('category') category: string, @Query('saved') saved?: string) {
    await this.renderEdit(me, req, res, category, 200, null, { saved: saved === '1' });
  }

  @Post(':category')
  async update(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('category') category: string, @Body() body: unknown) {
    const input = parseSlaPolicy(body);
    try {
      await this.policies.set(me, category, input);
      res.redirect(303, `/staff/admin/sla/${encodeURIComponent(category)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, category, e.status, input, formErrors(e, requestLang(req)));
    }
  }

  /** Nothing to correct: an unknown category goes to the error page. */
  @Post(':category/reset')
  async reset(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('category') category: string) {
    await this.policies.reset(me, category);
    res.redirect(303, `/staff/admin/sla/${encodeURIComponent(category)}?saved=1`);
  }

  private async renderEdit(me: StaffRef, req: Request, res: Response, category: string, status: number, posted: SlaPolicyInput | null, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const view = await this.policies.get(me, category);
    const name = lang === 'en' ? view.nameEn : view.nameId;
    res.status(status).render(
      'admin/sla-policy-edit',
      adminPage(this.auth, me, req, 'sla', t(lang, 'admin.sla_edit_title', { name }), {
        p: view,
        name,
        v: posted ?? view.policy,
        defaults: DEFAULT_POLICY,
        limits: POLICY_LIMITS,
        ...extra,
      }),
    );
  }
}
