import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { adminPage, isFormError } from '../admin';
import { formErrors } from '../platform/http/form-errors';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { EXTENSION_YEARS, POLICY_YEARS, RetentionService } from './retention.service';

/** Retention years per outcome, for admins. */
@ApiExcludeController()
@Controller('staff/admin/retention')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class RetentionPoliciesPagesController {
  constructor(
    private readonly retention: RetentionService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async list(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('saved') saved?: string) {
    await this.render(me, req, res, 200, { saved: saved === '1' });
  }

  @Post(':outcome')
  async save(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('outcome') outcome: string, @Body() body: Record<string, unknown>) {
    try {
      await this.retention.setPolicy(me, outcome, body.years);
      res.redirect(303, '/staff/admin/retention?saved=1');
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.render(me, req, res, e.status, { ...formErrors(e, requestLang(req)), failedOutcome: outcome, posted: body.years });
    }
  }

  private async render(me: StaffRef, req: Request, res: Response, status: number, extra: Record<string, unknown>) {
    const policies = await this.retention.policies(me);
    res.status(status).render('retention/policies', adminPage(this.auth, me, req, 'retention', t(requestLang(req), 'retention.admin_title'), { policies, limits: POLICY_YEARS, ...extra }));
  }
}

/** A case's retention for supervisors: until when it is kept, its extensions, and extending it. */
@ApiExcludeController()
@Controller('staff/cases/:id/retention')
@UseGuards(StaffAuthGuard)
@Roles(Role.Supervisor)
export class CaseRetentionPagesController {
  constructor(
    private readonly retention: RetentionService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query('saved') saved?: string) {
    await this.render(me, req, res, id, 200, { saved: saved === '1' });
  }

  @Post()
  async extend(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      await this.retention.extend(me, id, body.years, body.reason);
      res.redirect(303, `/staff/cases/${id}/retention?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.render(me, req, res, id, e.status, { ...formErrors(e, requestLang(req)), v: { years: body.years, reason: body.reason } });
    }
  }

  private async render(me: StaffRef, req: Request, res: Response, id: string, status: number, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const c = await this.retention.caseRetention(me, id);
    res.status(status).render('retention/case', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: `${t(lang, 'retention.title')} ${c.number}`,
      c,
      limits: EXTENSION_YEARS,
      ...extra,
    });
  }
}
