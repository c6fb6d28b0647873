import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CatalogService } from '../catalog/catalog.service';
import { ValidationFailed } from '../platform/http/domain-error';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff/auth.service';
import { CurrentStaff } from '../staff/auth/current-staff.decorator';
import { Roles, StaffAuthGuard } from '../staff/auth/staff-auth.guard';
import { Role } from '../staff/role';
import type { StaffRef } from '../staff/staff-ref';
import { CasesService } from './cases.service';
import './cases.i18n';

@ApiExcludeController()
@Controller('staff/cases')
@UseGuards(StaffAuthGuard)
@Roles(Role.Supervisor)
export class CasesPagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async inbox(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('status') status?: string, @Query('cursor') cursor?: string) {
    const lang = requestLang(req);
    const page = await this.cases.inbox(me, { status: status || undefined, cursor: cursor || undefined });
    const categories = new Map((await this.catalog.categories(lang)).map((c) => [c.code, c.name]));
    res.render('cases/inbox', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: t(lang, 'cases.inbox_title'),
      status: status ?? '',
      statuses: ['received', 'verifying', 'investigating', 'closed'],
      items: page.items.map((i) => ({ ...i, categoryName: categories.get(i.categoryCode) ?? i.categoryCode })),
      nextCursor: page.nextCursor,
    });
  }

  @Get(':id')
  async show(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    await this.renderCase(me, req, res, id, 200, {});
  }

  @Post(':id/messages')
  async reply(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      await this.cases.sendToReporter(me, id, body.body);
      res.redirect(303, `/staff/cases/${id}#messages`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const lang = requestLang(req);
      await this.renderCase(me, req, res, id, 400, {
        draft: typeof body.body === 'string' ? body.body : '',
        errors: e.errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })),
      });
    }
  }

  @Get(':id/attachments/:attachmentId')
  async download(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Param('attachmentId', ParseUUIDPipe) attachmentId: string) {
    const file = await this.cases.openAttachment(me, id, attachmentId);
    res.setHeader('Content-Type', file.meta.mimeType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(file.meta.filename)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      for await (const chunk of file.content) {
        if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
      }
      res.end();
    } catch {
      // Tampered or truncated ciphertext: cut the download rather than finish it normally.
      res.destroy();
    }
  }

  private async renderCase(me: StaffRef, req: Request, res: Response, id: string, status: number, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const detail = await this.cases.detail(me, id);
    res.status(status).render('cases/case', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: detail.number,
      c: detail,
      categoryName: await this.catalog.categoryName(detail.categoryCode, lang),
      opdName: detail.opdCode ? await this.catalog.opdName(detail.opdCode) : null,
      ...extra,
    });
  }
}
