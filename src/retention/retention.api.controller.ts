import { Body, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { RetentionService } from './retention.service';
import { CurrentStaff, Role, Roles, StaffApi, type StaffRef } from '../staff';

@StaffApi('api/v1', 'retention')
export class RetentionApiController {
  constructor(private readonly retention: RetentionService) {}

  @Get('admin/retention-policies')
  @Roles(Role.Admin)
  policies(@CurrentStaff() me: StaffRef) {
    return this.retention.policies(me);
  }

  /** `{ "years" }`: applies to cases closed from now on. */
  @Put('admin/retention-policies/:outcome')
  @Roles(Role.Admin)
  setPolicy(@CurrentStaff() me: StaffRef, @Param('outcome') outcome: string, @Body() body: { years?: unknown }) {
    return this.retention.setPolicy(me, outcome, body?.years);
  }

  @Get('cases/:id/retention')
  @Roles(Role.Supervisor)
  caseRetention(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.retention.caseRetention(me, id);
  }

  /** `{ "years", "reason" }` */
  @Post('cases/:id/retention/extend')
  @HttpCode(200)
  @Roles(Role.Supervisor)
  extend(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { years?: unknown; reason?: unknown }) {
    return this.retention.extend(me, id, body?.years, body?.reason);
  }
}
