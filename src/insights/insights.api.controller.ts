import { Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { requestLang } from '../platform/http/request-lang';
import { STATS_DASHBOARD } from './dto/stats.dto';
import { InsightsService } from './insights.service';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

@StaffApi('api/v1/stats', 'stats', Role.Supervisor, Role.Auditor)
export class InsightsApiController {
  constructor(private readonly insights: InsightsService) {}

  @Get()
  @ApiOperation({
    summary: 'The statistics of the dashboard (supervisors and auditors)',
    description:
      'From clear metadata only. Every count of a group of 1 to STATS_MIN_GROUP - 1 cases, and every share or median computed from such a group, ' +
      'is `{ "hidden": true, "below": STATS_MIN_GROUP }` instead of a number; zero stays 0; a share or median of an empty group is null. ' +
      'Open cases and breaches are the state now; the rest falls in the period. Bad filters: 400 `{ code: "validation_failed", errors: [{ field, message }] }`.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD, local day (TZ_NAME); default: the first day of the month 11 months before `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD, included; default: today' })
  @ApiQuery({ name: 'category', required: false, description: 'a category code; default: all' })
  @ApiQuery({ name: 'lang', required: false, enum: ['id', 'en'], description: 'language of the names' })
  @ApiOkResponse({ schema: STATS_DASHBOARD })
  stats(@CurrentStaff() me: StaffRef, @Req() req: Request, @Query() q: Record<string, unknown>) {
    return this.insights.dashboard(me, { from: q.from, to: q.to, category: q.category }, requestLang(req));
  }
}
