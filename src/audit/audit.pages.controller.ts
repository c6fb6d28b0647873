import { Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { filteredPage } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import { StaffPages } from '../staff';
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
@StaffPages('staff/audit', Role.Auditor, Role.Supervisor)
export class AuditPagesController {
  constructor(
    private readonly query: AuditQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query() q: FilterQuery) {
    const filters = filtersOf(q);
    const heads = await this.query.chainHeads(me);
    const base = { title: t(lang, 'audit.title'), f: filters, actions: actionChoices(lang, filters.action), heads };
    return filteredPage('audit/log', lang, base, () => this.entries(me, lang, filters), { items: [] });
  }

  /** One page of entries in words, with the links that keep the filters. */
  private async entries(me: StaffRef, lang: Lang, filters: AuditFilters) {
    const found = await this.query.page(me, filters);
    const names = await this.query.namesOf(me, idsIn(found.items));
    const items = found.items.map((row) => ({ ...row, words: entryInWords(lang, row, names, this.config.tzName) }));
    const keep = new URLSearchParams(Object.entries({ ...filters, cursor: undefined }).filter(([, v]) => v) as [string, string][]).toString();
    return { items, keep, next: found.nextCursor ? `?${keep ? `${keep}&` : ''}cursor=${found.nextCursor}` : null };
  }

  @Get('export.csv')
  async csv(@CurrentStaff() me: StaffRef, @Res() res: Response, @Query() q: FilterQuery) {
    const body = await this.query.csv(me, filtersOf(q));
    res.status(200).type('text/csv; charset=utf-8').attachment('audit-log.csv').send(body);
  }
}
