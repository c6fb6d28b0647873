import { Get, Query, Res } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditQueryService } from './audit-query.service';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

@StaffApi('api/v1/audit', 'audit', Role.Auditor, Role.Supervisor)
export class AuditApiController {
  constructor(private readonly query: AuditQueryService) {}

  /** Newest first; `nextCursor` continues after the last item. */
  @Get()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'case', required: false })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  list(@CurrentStaff() me: StaffRef, @Query() q: Record<string, string | undefined>) {
    const limit = q.limit === undefined ? undefined : Number(q.limit);
    return this.query.page(me, { actor: q.actor, action: q.action, case: q.case, from: q.from, to: q.to, cursor: q.cursor, limit: Number.isInteger(limit) ? limit : undefined });
  }

  @Get('chain-heads')
  heads(@CurrentStaff() me: StaffRef) {
    return this.query.chainHeads(me);
  }

  @Get('export.csv')
  async csv(@CurrentStaff() me: StaffRef, @Query() q: Record<string, string | undefined>, @Res() res: Response) {
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .attachment('audit-log.csv')
      .send(await this.query.csv(me, q));
  }
}
