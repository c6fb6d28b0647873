import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CatalogService } from '../catalog';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { CreateOpdDto, parseOpd, UpdateOpdDto } from './dto/catalog.dto';
import './admin.i18n';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/opds')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class OpdsApiController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef) {
    return this.catalog.allOpds(me);
  }

  @Get(':code')
  get(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
    return this.catalog.opd(me, code);
  }

  @Post()
  @ApiBody({ type: CreateOpdDto })
  add(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.catalog.addOpd(me, parseOpd(body, 'add'));
  }

  @Patch(':code')
  @ApiBody({ type: UpdateOpdDto })
  update(@CurrentStaff() me: StaffRef, @Param('code') code: string, @Body() body: unknown) {
    return this.catalog.updateOpd(me, code, parseOpd(body, 'edit'));
  }

  @Post(':code/deactivate')
  @HttpCode(200)
  deactivate(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
    return this.catalog.setOpdActive(me, code, false);
  }

  @Post(':code/reactivate')
  @HttpCode(200)
  reactivate(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
    return this.catalog.setOpdActive(me, code, true);
  }
}
