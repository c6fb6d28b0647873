import { Body, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { HolidaysService } from '../cases';
import { HOLIDAY_SCHEMA, parseHoliday } from './dto/sla.dto';
import './admin.i18n';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

/** The working-day calendar for integrations; a whole year's SKB list is entered on the page. */
@StaffApi('api/v1/admin/holidays', 'admin', Role.Admin)
export class HolidaysApiController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  @ApiQuery({ name: 'year', required: false, example: 2027, description: 'Defaults to the current year in TZ_NAME' })
  list(@CurrentStaff() me: StaffRef, @Query('year') year?: string) {
    return this.holidays.listYear(me, year);
  }

  @Post()
  @ApiBody({ schema: HOLIDAY_SCHEMA })
  add(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.holidays.add(me, parseHoliday(body));
  }

  @Delete(':date')
  remove(@CurrentStaff() me: StaffRef, @Param('date') date: string) {
    return this.holidays.remove(me, date);
  }
}
