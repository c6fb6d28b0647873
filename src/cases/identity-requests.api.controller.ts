import { Body, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { IdentityRequestsService } from './identity-requests.service';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

/** Custodians' side of identity requests (CONTRACT.md). */
@StaffApi('api/v1/identity-requests', 'identity requests', Role.Custodian)
export class IdentityRequestsApiController {
  constructor(private readonly identity: IdentityRequestsService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef, @Query('status') status?: string) {
    return this.identity.list(me, status || 'pending');
  }

  @Post(':id/decision')
  @HttpCode(200)
  decide(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { approve?: unknown; reason?: unknown }) {
    return this.identity.decide(me, id, body?.approve, body?.reason);
  }
}
