import { Body, Controller, Delete, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { SlaPoliciesService } from '../cases';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { parseSlaPolicy, SlaPolicyDto } from './dto/sla.dto';
import './admin.i18n';

/** Per-category SLA policies; a change applies to deadlines started after it. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/sla-policies')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class SlaPoliciesApiController {
  constructor(private readonly policies: SlaPoliciesService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef) {
    return this.policies.all(me);
  }

  /** All four lengths, replacing the category's override (or creating it). */
  @Put(':category')
  @ApiBody({ type: SlaPolicyDto })
  set(@CurrentStaff() me: StaffRef, @Param('category') category: string, @Body() body: unknown) {
    return this.policies.set(me, category, parseSlaPolicy(body));
  }

  /** Removes the override: the category follows the default policy again. */
  @Delete(':category')
  reset(@CurrentStaff() me: StaffRef, @Param('category') category: string) {
    return this.policies.reset(me, category);
  }
}
