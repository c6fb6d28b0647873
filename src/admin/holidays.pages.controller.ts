import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { HOLIDAY_KINDS, HolidaysService } from '../cases';
import { formErrors } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { redirect } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import { StaffPages } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, isFormError } from './admin-page';
import { parseHoliday, parseHolidayConfirmation, parseHolidayList } from './dto/sla.dto';

/** Which of the page's three forms was posted: its errors and values go back to that one only. */
type HolidayForm = 'add' | 'bulk' | 'confirm';

/**
 * The working-day calendar for admins: one year's holidays, add or delete one, enter a whole
 * year from the SKB, confirm a year entered by hand. Every form carries the year on screen
 * (`view_year`), so an error shows that same year again.
 */
@StaffPages('staff/admin/holidays', Role.Admin)
export class HolidaysPagesController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('year') year?: string, @Query('saved') saved?: string) {
    return this.yearPage(me, lang, 200, year, { saved: saved === '1' });
  }

  @Post()
  add(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: Record<string, unknown>) {
    const input = parseHoliday(body);
    return this.change(me, lang, body, 'add', input, async () => (await this.holidays.add(me, input)).date.slice(0, 4));
  }

  @Post('bulk')
  replaceYear(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: Record<string, unknown>) {
    const input = parseHolidayList(body);
    return this.change(me, lang, body, 'bulk', input, async () => (await this.holidays.replaceYear(me, input)).year);
  }

  @Post('confirm')
  confirmYear(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: Record<string, unknown>) {
    const input = parseHolidayConfirmation(body);
    return this.change(me, lang, body, 'confirm', input, async () => (await this.holidays.confirmYear(me, input)).year);
  }

  /** Nothing to correct on a delete: a wrong date or a gone holiday goes to the error page. */
  @Post(':date/delete')
  async remove(@CurrentStaff() me: StaffRef, @Param('date') date: string) {
    const removed = await this.holidays.remove(me, date);
    return redirect(`/staff/admin/holidays?year=${removed.date.slice(0, 4)}&saved=1`);
  }

  /** Runs one form's change; back to the year it changed, or that form again with its error. */
  private async change(me: StaffRef, lang: Lang, body: Record<string, unknown>, form: HolidayForm, input: object, run: () => Promise<string | number>) {
    try {
      return redirect(`/staff/admin/holidays?year=${await run()}&saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const viewYear = typeof body.view_year === 'string' ? body.view_year : undefined;
      return this.yearPage(me, lang, e.status, viewYear, { form, v: input, ...formErrors(e, lang) });
    }
  }

  private async yearPage(me: StaffRef, lang: Lang, status: number, year: string | undefined, extra: Record<string, unknown>) {
    const found = await this.holidays.listYear(me, year);
    return adminPage('admin/holidays', 'holidays', t(lang, 'admin.holidays_title'), { ...found, kinds: HOLIDAY_KINDS, ...extra }, status);
  }
}
