import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { Clock } from '../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { Forbidden, ValidationFailed } from '../platform/http/domain-error';
import type { Lang } from '../platform/i18n/i18n';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { InsightsCountsRepository } from './counts/insights-counts.repository';
import { periodBuckets } from './counts/period-buckets';
import { InsightsRepository } from './insights.repository';
import type { StatsAudience } from './small-groups';
import { assembleDashboard, StatsDashboard } from './stats-dashboard';
import { dashboardCsv } from './stats-export';
import { dashboardXlsx } from './stats-workbook';
import { localDay, monthsBetween, parseStatsFilters, RawStatsFilters, StatsFilters } from './stats-filters';

export interface CategoryOption {
  code: string;
  name: string;
  active: boolean;
}

/**
 * Statistics for supervisors and auditors (issue 5): how many reports came in and how, what is
 * open and with whom, how fast and how often within SLA cases are verified and closed, and how
 * they end. Read from clear metadata only, never decrypting anything (DESIGN.md §4), and every
 * number passes the small-group rule. Exports are recorded in the audit log (DESIGN.md §7).
 */
@Injectable()
export class InsightsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: InsightsRepository,
    private readonly counts: InsightsCountsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async dashboard(me: StaffRef, raw: RawStatsFilters, lang: Lang): Promise<StatsDashboard> {
    assertReader(me);
    return this.compute(await this.filters(raw), lang, me.roles.includes(Role.Supervisor) ? 'supervisor' : 'auditor');
  }

  async exportCsv(me: StaffRef, raw: RawStatsFilters, lang: Lang): Promise<string> {
    return dashboardCsv(await this.exported(me, raw, lang, 'csv'), lang);
  }

  async exportXlsx(me: StaffRef, raw: RawStatsFilters, lang: Lang): Promise<Buffer> {
    return dashboardXlsx(await this.exported(me, raw, lang, 'xlsx'), lang);
  }

  /** For the filter form: every category, inactive ones too (old cases keep theirs). */
  async categories(me: StaffRef, lang: Lang): Promise<CategoryOption[]> {
    assertReader(me);
    return (await this.repo.categories()).map((c) => ({ code: c.code, name: lang === 'en' ? c.nameEn : c.nameId, active: c.active }));
  }

  /** The statistics of an export, recorded in the audit log before the file is made. */
  private async exported(me: StaffRef, raw: RawStatsFilters, lang: Lang, format: 'csv' | 'xlsx'): Promise<StatsDashboard> {
    assertReader(me);
    const filters = await this.filters(raw);
    await this.audit.record(this.db.manager, {
      actor: { type: 'staff', id: me.id },
      action: 'stats.exported',
      detail: { format, filters: { from: filters.from, to: filters.to, ...(filters.category ? { category: filters.category } : {}) } },
    });
    return this.compute(filters, lang, 'export');
  }

  private async filters(raw: RawStatsFilters): Promise<StatsFilters> {
    const { filters, errors } = parseStatsFilters(raw ?? {}, localDay(this.clock.now(), this.config.tzName));
    if (filters.category && !(await this.repo.categories()).some((c) => c.code === filters.category)) {
      errors.push({ field: 'category', message: 'insights.category_unknown' });
    }
    if (errors.length) throw new ValidationFailed(errors);
    return filters;
  }

  /**
   * Reports, decisions and open cases by status come from the statistics' counts; the rest
   * (assignees, breaches, ratings, labels: small tables or few rows) is read live.
   */
  private async compute(filters: StatsFilters, lang: Lang, audience: StatsAudience): Promise<StatsDashboard> {
    const months = monthsBetween(filters.from, filters.to);
    const period = await this.repo.period(filters.from, filters.to, months, this.config.tzName);
    // Independent reads on separate pooled connections: the dashboard takes as long as the
    // slowest of them, not their sum.
    const [{ submissions, decisions }, openByStatus, openByAssignee, openBreaches, categories, ratings, labels] = await Promise.all([
      this.counts.period(periodBuckets(filters.from, filters.to), months, filters.category),
      this.counts.openByStatus(filters.category),
      this.counts.openByAssignee(filters.category),
      this.counts.openBreaches(filters.category),
      this.repo.categories(),
      this.repo.ratings(period, filters.category),
      this.repo.byLabel(period, filters.category),
    ]);
    const opdNames = await this.repo.opdNames([...submissions.byOpd.keys()].filter((c): c is string => c !== null));
    return assembleDashboard(
      { filters, months, submissions, decisions, openByStatus, openByAssignee, openBreaches, categories, opdNames, ratings, labels },
      this.config.statsMinGroup,
      lang,
      this.clock.now(),
      audience,
    );
  }
}

function assertReader(me: StaffRef): void {
  if (!me.roles.includes(Role.Supervisor) && !me.roles.includes(Role.Auditor)) throw new Forbidden();
}
