import { Body, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { DomainError } from '../platform/http/domain-error';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { page, redirect } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import { StaffPages } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { MAIL_MODES, NotificationsService } from './notifications.service';

/** Each member's choice: one mail per notice, or a daily digest. */
@StaffPages('staff/notifications')
export class NotificationPreferencesPagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('saved') saved?: string) {
    return preferencesPage(lang, 200, await this.notifications.mailMode(me), { saved: saved === '1' });
  }

  @Post()
  async save(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: Record<string, unknown>) {
    try {
      await this.notifications.setMailMode(me, body.mail_mode);
      return redirect('/staff/notifications?saved=1');
    } catch (e) {
      if (!(e instanceof DomainError) || e.status !== 400) throw e;
      return preferencesPage(lang, 400, await this.notifications.mailMode(me), { error: t(lang, 'notifications.mode_invalid') });
    }
  }
}

function preferencesPage(lang: Lang, status: number, mode: string, extra: Record<string, unknown>) {
  return page('notifications/preferences', { title: t(lang, 'notifications.title'), modes: MAIL_MODES.map((m) => ({ value: m, checked: m === mode })), ...extra }, status);
}

/** The mail queue for admins: what waits, what is parked and why, and a resend button. */
@StaffPages('staff/admin/mail', Role.Admin)
export class MailQueuePagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('requeued') requeued?: string) {
    const overview = await this.notifications.queueOverview(me);
    return page('notifications/mail-queue', {
      section: 'mail',
      title: t(lang, 'mailq.title'),
      ...overview,
      requeued: requeued && /^\d+$/.test(requeued) ? Number(requeued) : null,
    });
  }

  @Post('resend-parked')
  async resendAll(@CurrentStaff() me: StaffRef) {
    const { requeued } = await this.notifications.resend(me, null);
    return redirect(`/staff/admin/mail?requeued=${requeued}`);
  }

  @Post(':id/resend')
  async resend(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    const { requeued } = await this.notifications.resend(me, id);
    return redirect(`/staff/admin/mail?requeued=${requeued}`);
  }
}
