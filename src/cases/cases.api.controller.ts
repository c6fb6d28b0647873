import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff } from '../staff/auth/current-staff.decorator';
import { Roles, StaffAuthGuard } from '../staff/auth/staff-auth.guard';
import { Role } from '../staff/role';
import type { StaffRef } from '../staff/staff-ref';
import { CasesService } from './cases.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
@UseGuards(StaffAuthGuard)
@Roles(Role.Supervisor)
export class CasesApiController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef, @Query('status') status?: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string) {
    return this.cases.inbox(me, { status: status || undefined, cursor: cursor || undefined, limit: limit ? Number(limit) || 25 : undefined });
  }

  @Get(':id')
  get(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.cases.detail(me, id);
  }

  @Post(':id/messages')
  message(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { body?: unknown }) {
    return this.cases.sendToReporter(me, id, body?.body);
  }
}
