import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Forbidden, ValidationFailed } from '../../platform/http/domain-error';
import { requestLang } from '../../platform/http/request-lang';
import { t } from '../../platform/i18n/i18n';
import { AuthService } from '../../staff';
import { CurrentStaff } from '../../staff';
import { Roles, StaffAuthGuard } from '../../staff';
import { Role } from '../../staff';
import { hasRole, type StaffRef } from '../../staff';
import { labelStylesheet } from './label-ink';
import { LABEL_NAME_MAX, LabelsService } from './labels.service';
import './labels.i18n';

/** The supervisors' page for defining labels, and the chip colours every case page uses. */
@ApiExcludeController()
@Controller('staff/labels')
@UseGuards(StaffAuthGuard)
@Roles(Role.Supervisor, Role.Inspector)
export class LabelsPagesController {
  constructor(
    private readonly labels: LabelsService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async page(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response) {
    await this.render(me, req, res, 200, {});
  }

  /** Colours change when a supervisor edits labels, so the sheet is never cached. */
  @Get('styles.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async styles(@CurrentStaff() me: StaffRef) {
    return labelStylesheet(await this.labels.list(me));
  }

  @Post()
  async create(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    try {
      await this.labels.create(me, { name: body.name, colour: body.colour });
      res.redirect(303, '/staff/labels?saved=1');
    } catch (e) {
      await this.renderError(me, req, res, e, { name: body.name, colour: body.colour });
    }
  }

  @Post(':id/delete')
  async remove(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    await this.labels.remove(me, id);
    res.redirect(303, '/staff/labels?saved=1');
  }

  private async renderError(me: StaffRef, req: Request, res: Response, e: unknown, v: Record<string, unknown>) {
    if (!(e instanceof ValidationFailed)) throw e;
    const lang = requestLang(req);
    await this.render(me, req, res, e.status, { v, errors: e.errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })) });
  }

  private async render(me: StaffRef, req: Request, res: Response, status: number, extra: Record<string, unknown>) {
    if (!hasRole(me, Role.Supervisor)) throw new Forbidden();
    const lang = requestLang(req);
    res.status(status).render('cases/labels', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: t(lang, 'labels.title'),
      labelStyles: true,
      labels: await this.labels.list(me),
      saved: req.query.saved === '1',
      max: LABEL_NAME_MAX,
      v: { colour: '#1d4ed8' },
      ...extra,
    });
  }
}
