import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../platform/http/domain-error';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { MAIL_MODES, NotificationsService } from './notifications.service';

/** Each member's choice: one mail per notice, or a daily digest. */
@ApiExcludeController()
@Controller('staff/notifications')
@UseGuards(StaffAuthGuard)
export class NotificationPreferencesPagesController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('saved') saved?: string) {
    this.render(me, req, res, 200, await this.notifications.mailMode(me), { saved: saved === '1' });
  }

  @Post()
  async save(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    try {
      await this.notifications.setMailMode(me, body.mail_mode);
      res.redirect(303, '/staff/notifications?saved=1');
    } catch (e) {
      if (!(e instanceof DomainError) || e.status !== 400) throw e;
      this.render(me, req, res, 400, await this.notifications.mailMode(me), { error: t(requestLang(req), 'notifications.mode_invalid') });
    }
  }

  private render(me: StaffRef, req: Request, res: Response, status: number, mode: string, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    res.status(status).render('notifications/preferences', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: t(lang, 'notifications.title'),
      modes: MAIL_MODES.map((m) => ({ value: m, checked: m === mode })),
      ...extra,
    });
  }
}

/** The mail queue for admins: what waits, what is parked and why, and a resend button. */
@ApiExcludeController()
@Controller('staff/admin/mail')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class MailQueuePagesController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('requeued') requeued?: string) {
    const lang = requestLang(req);
    const overview = await this.notifications.queueOverview(me);
    res.status(200).render('notifications/mail-queue', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      section: 'mail',
      title: t(lang, 'mailq.title'),
      ...overview,
      requeued: requeued && /^\d+$/.test(requeued) ? Number(requeued) : null,
    });
  }

  @Post('resend-parked')
  async resendAll(@CurrentStaff() me: StaffRef, @Res() res: Response) {
    const { requeued } = await this.notifications.resend(me, null);
    res.redirect(303, `/staff/admin/mail?requeued=${requeued}`);
  }

  @Post(':id/resend')
  async resend(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    const { requeued } = await this.notifications.resend(me, id);
    res.redirect(303, `/staff/admin/mail?requeued=${requeued}`);
  }
}
