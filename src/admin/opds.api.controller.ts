import { Body, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { CatalogService } from '../catalog';
import { OPD_SCHEMAS, parseOpd } from './dto/catalog.dto';
import './admin.i18n';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

@StaffApi('api/v1/admin/opds', 'admin', Role.Admin)
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
  @ApiBody({ schema: OPD_SCHEMAS.add })
  add(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.catalog.addOpd(me, parseOpd(body, 'add'));
  }

  @Patch(':code')
  @ApiBody({ schema: OPD_SCHEMAS.edit })
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
