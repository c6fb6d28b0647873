import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { HOLIDAY_KINDS, HolidaysService } from '../cases';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, formErrors, isFormError } from './admin-page';
import { parseHoliday, parseHolidayConfirmation, parseHolidayList } from './dto/sla.dto';

/** Which of the page's three forms was posted: its errors and values go back to that one only. */
type HolidayForm = 'add' | 'bulk' | 'confirm';

/**
 * The working-day calendar for admins: one year's holidays, add or delete one, enter a whole
 * year from the SKB, confirm a year entered by hand. Every form carries the year on screen
 * (`view_year`), so an error shows that same year again.
 */
@ApiExcludeController()
@Controller('staff/admin/holidays')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class HolidaysPagesController {
  constructor(
    private readonly holidays: HolidaysService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async list(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('year') year?: string, @Query('saved') saved?: string) {
    await this.render(me, req, res, 200, year, { saved: saved === '1' });
  }

  @Post()
  async add(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const input = parseHoliday(body);
    try {
      const holiday = await this.holidays.add(me, input);
      res.redirect(303, `/staff/admin/holidays?year=${holiday.date.slice(0, 4)}&saved=1`);
    } catch (e) {
      await this.renderError(me, req, res, body, 'add', input, e);
    }
  }

  @Post('bulk')
  async replaceYear(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const input = parseHolidayList(body);
    try {
      const { year } = await this.holidays.replaceYear(me, input);
      res.redirect(303, `/staff/admin/holidays?year=${year}&saved=1`);
    } catch (e) {
      await this.renderError(me, req, res, body, 'bulk', input, e);
    }
  }

  @Post('confirm')
  async confirmYear(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const input = parseHolidayConfirmation(body);
    try {
      const { year } = await this.holidays.confirmYear(me, input);
      res.redirect(303, `/staff/admin/holidays?year=${year}&saved=1`);
    } catch (e) {
      await this.renderError(me, req, res, body, 'confirm', input, e);
    }
  }

  /** Nothing to correct on a delete: a wrong date or a gone holiday goes to the error page. */
  @Post(':date/delete')
  async remove(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('date') date: string) {
    const removed = await this.holidays.remove(me, date);
    res.redirect(303, `/staff/admin/holidays?year=${removed.date.slice(0, 4)}&saved=1`);
  }

  private async renderError(me: StaffRef, req: Request, res: Response, body: Record<string, unknown>, form: HolidayForm, input: object, e: unknown) {
    if (!isFormError(e)) throw e;
    const viewYear = typeof body.view_year === 'string' ? body.view_year : undefined;
    await this.render(me, req, res, e.status, viewYear, { form, v: input, ...formErrors(e, requestLang(req)) });
  }

  private async render(me: StaffRef, req: Request, res: Response, status: number, year: string | undefined, extra: Record<string, unknown>) {
    const page = await this.holidays.listYear(me, year);
    const title = t(requestLang(req), 'admin.holidays_title');
    res.status(status).render('admin/holidays', adminPage(this.auth, me, req, 'holidays', title, { ...page, kinds: HOLIDAY_KINDS, ...extra }));
  }
}
