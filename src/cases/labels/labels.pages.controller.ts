import { Body, Get, Header, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Forbidden, ValidationFailed } from '../../platform/http/domain-error';
import { fieldErrors } from '../../platform/http/form-errors';
import { RequestLang } from '../../platform/http/request-lang';
import { Lang, t } from '../../platform/i18n/i18n';
import { page, redirect } from '../../platform/views/page';
import { CurrentStaff } from '../../staff';
import { StaffPages } from '../../staff';
import { Role } from '../../staff';
import { hasRole, type StaffRef } from '../../staff';
import { labelStylesheet } from './label-ink';
import { LABEL_NAME_MAX, LabelsService } from './labels.service';
import './labels.i18n';

/** The supervisors' page for defining labels, and the chip colours every case page uses. */
@StaffPages('staff/labels', Role.Supervisor, Role.Inspector)
export class LabelsPagesController {
  constructor(private readonly labels: LabelsService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('saved') saved?: string) {
    return this.labelsPage(me, lang, 200, { saved: saved === '1' });
  }

  /** Colours change when a supervisor edits labels, so the sheet is never cached. */
  @Get('styles.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async styles(@CurrentStaff() me: StaffRef) {
    return labelStylesheet(await this.labels.list(me));
  }

  @Post()
  async create(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: Record<string, unknown>, @Query('saved') saved?: string) {
    try {
      await this.labels.create(me, { name: body.name, colour: body.colour });
      return redirect('/staff/labels?saved=1');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      return this.labelsPage(me, lang, e.status, { saved: saved === '1', v: { name: body.name, colour: body.colour }, errors: fieldErrors(e, lang) });
    }
  }

  @Post(':id/delete')
  async remove(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    await this.labels.remove(me, id);
    return redirect('/staff/labels?saved=1');
  }

  private async labelsPage(me: StaffRef, lang: Lang, status: number, extra: Record<string, unknown>) {
    if (!hasRole(me, Role.Supervisor)) throw new Forbidden();
    return page('cases/labels', { title: t(lang, 'labels.title'), labelStyles: true, labels: await this.labels.list(me), max: LABEL_NAME_MAX, v: { colour: '#1d4ed8' }, ...extra }, status);
  }
}
