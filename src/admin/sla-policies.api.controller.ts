import { Body, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { SlaPoliciesService } from '../cases';
import { parseSlaPolicy, SLA_POLICY_SCHEMA } from './dto/sla.dto';
import './admin.i18n';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

/** Per-category SLA policies; a change applies to deadlines started after it. */
@StaffApi('api/v1/admin/sla-policies', 'admin', Role.Admin)
export class SlaPoliciesApiController {
  constructor(private readonly policies: SlaPoliciesService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef) {
    return this.policies.all(me);
  }

  /** All four lengths, replacing the category's override (or creating it). */
  @Put(':category')
  @ApiBody({ schema: SLA_POLICY_SCHEMA })
  set(@CurrentStaff() me: StaffRef, @Param('category') category: string, @Body() body: unknown) {
    return this.policies.set(me, category, parseSlaPolicy(body));
  }

  /** Removes the override: the category follows the default policy again. */
  @Delete(':category')
  reset(@CurrentStaff() me: StaffRef, @Param('category') category: string) {
    return this.policies.reset(me, category);
  }
}
