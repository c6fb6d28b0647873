import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentStaff } from '../staff/auth/current-staff.decorator';
import { Roles, StaffAuthGuard } from '../staff/auth/staff-auth.guard';
import { Role } from '../staff/role';
import type { StaffRef } from '../staff/staff-ref';
import { AssignmentService } from './assignment.service';
import { CasesService } from './cases.service';
import { WorkflowService } from './workflow.service';
import { IdentityRequestsService } from './identity-requests.service';
import type { TransitionRequest } from './workflow/case-workflow';

/** Case work for supervisors and inspectors; the services check who may do what. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
@UseGuards(StaffAuthGuard)
@Roles(Role.Supervisor, Role.Inspector)
export class CasesApiController {
  constructor(
    private readonly cases: CasesService,
    private readonly assignments: AssignmentService,
    private readonly workflow: WorkflowService,
    private readonly identity: IdentityRequestsService,
  ) {}

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

  @Post(':id/notes')
  note(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { body?: unknown }) {
    return this.cases.addNote(me, id, body?.body);
  }

  @Get(':id/assignable')
  assignable(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.assignments.assignable(me, id);
  }

  @Post(':id/assign')
  assign(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { inspectorId?: unknown; overrideReason?: unknown }) {
    return this.assignments.assign(me, id, body?.inspectorId, body?.overrideReason);
  }

  @Delete(':id/assignees/:inspectorId')
  @HttpCode(204)
  async unassign(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Param('inspectorId', ParseUUIDPipe) inspectorId: string) {
    await this.assignments.unassign(me, id, inspectorId);
  }

  @Post(':id/recuse')
  @HttpCode(204)
  async recuse(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { reason?: unknown }) {
    await this.assignments.recuse(me, id, body?.reason);
  }

  @Post(':id/identity-requests')
  requestIdentity(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { justification?: unknown }) {
    return this.identity.request(me, id, body?.justification);
  }

  @Post(':id/transition')
  @HttpCode(200)
  transition(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionRequest) {
    return this.workflow.transition(me, id, body ?? ({} as TransitionRequest));
  }
}
