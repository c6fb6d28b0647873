import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { NotificationsService } from './notifications.service';

/** The mail queue for admins and monitoring scripts. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/mail')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
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
