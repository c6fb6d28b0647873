import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, ValidationFailed } from '../platform/http/domain-error';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { IdentityRequestsService } from './identity-requests.service';
import './identity.i18n';

@ApiExcludeController()
@Controller('staff/identity-requests')
@UseGuards(StaffAuthGuard)
@Roles(Role.Custodian)
export class IdentityRequestsPagesController {
  constructor(
    private readonly identity: IdentityRequestsService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async list(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('status') status?: string) {
    await this.render(me, req, res, 200, status, {});
  }

  @Post(':id/decision')
  async decide(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      await this.identity.decide(me, id, body.approve, body.reason);
      res.redirect(303, '/staff/identity-requests');
    } catch (e) {
      if (!(e instanceof DomainError) || e.status >= 500 || e.status === 401 || e.status === 403) throw e;
      const lang = requestLang(req);
      const errors = e instanceof ValidationFailed ? e.errors : [{ field: 'form', message: e.message, params: e.params }];
      await this.render(me, req, res, e.status, 'pending', { failedId: id, errors: errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })) });
    }
  }

  private async render(me: StaffRef, req: Request, res: Response, status: number, filter: string | undefined, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const current = filter === 'approved' || filter === 'refused' ? filter : 'pending';
    res.status(status).render('cases/identity-requests', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: t(lang, 'identity.title'),
      filter: current,
      requests: await this.identity.list(me, current),
      ...extra,
    });
  }
}
