import { Controller, Get, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { ValidationFailed } from '../platform/http/domain-error';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { actionChoices, entryInWords, idsIn } from './audit-entry-words';
import { AuditFilters, AuditQueryService } from './audit-query.service';
import './audit.i18n';

type FilterQuery = Record<'actor' | 'action' | 'case' | 'from' | 'to' | 'cursor', string | undefined>;

function filtersOf(q: FilterQuery): AuditFilters {
  const pick = (v: string | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return { actor: pick(q.actor), action: pick(q.action), case: pick(q.case), from: pick(q.from), to: pick(q.to), cursor: pick(q.cursor) };
}

/** The audit log page for auditors and supervisors. */
@ApiExcludeController()
@Controller('staff/audit')
@UseGuards(StaffAuthGuard)
@Roles(Role.Auditor, Role.Supervisor)
export class AuditPagesController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query() q: FilterQuery) {
    const lang = requestLang(req);
    const filters = filtersOf(q);
    const base = { layout: 'layouts/staff', lang, me, csrf: this.auth.csrfToken(me.sessionId), title: t(lang, 'audit.title'), f: filters, actions: actionChoices(lang, filters.action) };
    const heads = await this.query.chainHeads(me);
    try {
      const page = await this.query.page(me, filters);
      const names = await this.query.namesOf(me, idsIn(page.items));
      const items = page.items.map((row) => ({ ...row, words: entryInWords(lang, row, names, this.config.tzName) }));
      const keep = new URLSearchParams(Object.entries({ ...filters, cursor: undefined }).filter(([, v]) => v) as [string, string][]).toString();
      res.status(200).render('audit/log', { ...base, items, heads, keep, next: page.nextCursor ? `?${keep ? `${keep}&` : ''}cursor=${page.nextCursor}` : null });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(400).render('audit/log', { ...base, items: [], heads, errors: e.errors.map((x) => ({ field: x.field, message: t(lang, x.message) })) });
    }
  }

  @Get('export.csv')
  async csv(@CurrentStaff() me: StaffRef, @Res() res: Response, @Query() q: FilterQuery) {
    const body = await this.query.csv(me, filtersOf(q));
    res.status(200).type('text/csv; charset=utf-8').attachment('audit-log.csv').send(body);
  }
}
