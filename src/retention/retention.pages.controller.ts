import { Body, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { formErrors, isInputError } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { page, redirect } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import { StaffPages } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { EXTENSION_YEARS, POLICY_YEARS, RetentionService } from './retention.service';

/** Retention years per outcome, for admins. */
@StaffPages('staff/admin/retention', Role.Admin)
export class RetentionPoliciesPagesController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('saved') saved?: string) {
    return this.policiesPage(me, lang, 200, { saved: saved === '1' });
  }

  @Post(':outcome')
  async save(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('outcome') outcome: string, @Body() body: Record<string, unknown>) {
    try {
      await this.retention.setPolicy(me, outcome, body.years);
      return redirect('/staff/admin/retention?saved=1');
    } catch (e) {
      if (!isInputError(e)) throw e;
      return this.policiesPage(me, lang, e.status, { ...formErrors(e, lang), failedOutcome: outcome, posted: body.years });
    }
  }

  private async policiesPage(me: StaffRef, lang: Lang, status: number, extra: Record<string, unknown>) {
    const policies = await this.retention.policies(me);
    return page('retention/policies', { section: 'retention', title: t(lang, 'retention.admin_title'), policies, limits: POLICY_YEARS, ...extra }, status);
  }
}

/** A case's retention for supervisors: until when it is kept, its extensions, and extending it. */
@StaffPages('staff/cases/:id/retention', Role.Supervisor)
export class CaseRetentionPagesController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  show(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Query('saved') saved?: string) {
    return this.casePage(me, lang, id, 200, { saved: saved === '1' });
  }

  @Post()
  async extend(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      await this.retention.extend(me, id, body.years, body.reason);
      return redirect(`/staff/cases/${id}/retention?saved=1`);
    } catch (e) {
      if (!isInputError(e)) throw e;
      return this.casePage(me, lang, id, e.status, { ...formErrors(e, lang), v: { years: body.years, reason: body.reason } });
    }
  }

  private async casePage(me: StaffRef, lang: Lang, id: string, status: number, extra: Record<string, unknown>) {
    const c = await this.retention.caseRetention(me, id);
    return page('retention/case', { title: `${t(lang, 'retention.title')} ${c.number}`, c, limits: EXTENSION_YEARS, ...extra }, status);
  }
}
