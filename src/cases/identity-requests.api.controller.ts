import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { IdentityRequestsService } from './identity-requests.service';

/** Custodians' side of identity requests (CONTRACT.md). */
@ApiTags('identity requests')
@ApiBearerAuth()
@Controller('api/v1/identity-requests')
@UseGuards(StaffAuthGuard)
@Roles(Role.Custodian)
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
