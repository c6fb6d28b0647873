import { Body, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { DomainError } from '../platform/http/domain-error';
import { fieldErrors } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { page, redirect } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import { StaffPages } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { IdentityRequestsService } from './identity-requests.service';
import './identity.i18n';

@StaffPages('staff/identity-requests', Role.Custodian)
export class IdentityRequestsPagesController {
  constructor(private readonly identity: IdentityRequestsService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('status') status?: string) {
    return this.listPage(me, lang, 200, status, {});
  }

  @Post(':id/decision')
  async decide(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      await this.identity.decide(me, id, body.approve, body.reason);
      return redirect('/staff/identity-requests');
    } catch (e) {
      // A request decided or gone meanwhile (404) is said above the list, like bad input.
      if (!(e instanceof DomainError) || e.status >= 500 || e.status === 401 || e.status === 403) throw e;
      return this.listPage(me, lang, e.status, 'pending', { failedId: id, errors: fieldErrors(e, lang) });
    }
  }

  private async listPage(me: StaffRef, lang: Lang, status: number, filter: string | undefined, extra: Record<string, unknown>) {
    const current = filter === 'approved' || filter === 'refused' ? filter : 'pending';
    return page('cases/identity-requests', { title: t(lang, 'identity.title'), filter: current, requests: await this.identity.list(me, current), ...extra }, status);
  }
}
