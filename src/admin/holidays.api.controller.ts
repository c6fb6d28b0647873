import { Body, Controller, Delete, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { HolidaysService } from '../cases';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { CreateHolidayDto, parseHoliday } from './dto/sla.dto';
import './admin.i18n';

/** The working-day calendar for integrations; a whole year's SKB list is entered on the page. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/holidays')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class HolidaysApiController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  @ApiQuery({ name: 'year', required: false, example: 2027, description: 'Defaults to the current year in TZ_NAME' })
  list(@CurrentStaff() me: StaffRef, @Query('year') year?: string) {
    return this.holidays.listYear(me, year);
  }

  @Post()
  @ApiBody({ type: CreateHolidayDto })
  add(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.holidays.add(me, parseHoliday(body));
  }

  @Delete(':date')
  remove(@CurrentStaff() me: StaffRef, @Param('date') date: string) {
    return this.holidays.remove(me, date);
  }
}
