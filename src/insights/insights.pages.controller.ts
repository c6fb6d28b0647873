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
import { dashboardPage } from './insights-page';
import { InsightsService } from './insights.service';
import type { RawStatsFilters } from './stats-filters';
import './insights.i18n';

function rawFilters(q: Record<string, unknown>): RawStatsFilters {
  return { from: q.from, to: q.to, category: q.category };
}

/** What the form shows back: the text as typed (a repeated parameter shows as empty). */
function typed(f: RawStatsFilters): Record<'from' | 'to' | 'category', string> {
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return { from: s(f.from), to: s(f.to), category: s(f.category) };
}

/** The statistics dashboard and its exports, for supervisors and auditors. */
@StaffPages('staff/insights', Role.Supervisor, Role.Auditor)
export class InsightsPagesController {
  constructor(
    private readonly insights: InsightsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query() q: Record<string, unknown>) {
    const raw = rawFilters(q);
    const base = { title: t(lang, 'insights.title'), categories: await this.insights.categories(me, lang) };
    return filteredPage('insights/dashboard', lang, base, () => this.dashboard(me, lang, raw), { f: typed(raw) });
  }

  /** The figures, the filters as applied, and the query that keeps them for the exports. */
  private async dashboard(me: StaffRef, lang: Lang, raw: RawStatsFilters) {
    const d = await this.insights.dashboard(me, raw, lang);
    const keep = new URLSearchParams({ from: d.filters.from, to: d.filters.to, ...(d.filters.category ? { category: d.filters.category } : {}) }).toString();
    return { f: { ...d.filters, category: d.filters.category ?? '' }, keep, ...dashboardPage(d, lang, this.config.tzName) };
  }

  @Get('export.csv')
  async csv(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Res() res: Response, @Query() q: Record<string, unknown>) {
    const body = await this.insights.exportCsv(me, rawFilters(q), lang);
    res.status(200).type('text/csv; charset=utf-8').attachment('wbs-statistik.csv').send(body);
  }

  @Get('export.xlsx')
  async xlsx(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Res() res: Response, @Query() q: Record<string, unknown>) {
    const body = await this.insights.exportXlsx(me, rawFilters(q), lang);
    res.status(200).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment('wbs-statistik.xlsx').send(body);
  }
}
