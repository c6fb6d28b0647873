import { Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { NotificationsService } from './notifications.service';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

/** The mail queue for admins and monitoring scripts. */
@StaffApi('api/v1/admin/mail', 'admin', Role.Admin)
export class MailQueueApiController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  overview(@CurrentStaff() me: StaffRef) {
    return this.notifications.queueOverview(me);
  }

  @Post('resend-parked')
  @HttpCode(200)
  resendAll(@CurrentStaff() me: StaffRef) {
    return this.notifications.resend(me, null);
  }

  @Post(':id/resend')
  @HttpCode(200)
  resend(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.resend(me, id);
  }
}
