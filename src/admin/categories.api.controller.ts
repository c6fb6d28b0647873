import { Body, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { CatalogService } from '../catalog';
import { CATEGORY_SCHEMAS, parseCategory } from './dto/catalog.dto';
import './admin.i18n';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

@StaffApi('api/v1/admin/categories', 'admin', Role.Admin)
export class CategoriesApiController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef) {
    return this.catalog.allCategories(me);
  }

  @Get(':code')
  get(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
    return this.catalog.category(me, code);
  }

  @Post()
  @ApiBody({ schema: CATEGORY_SCHEMAS.add })
  add(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.catalog.addCategory(me, parseCategory(body, 'add'));
  }

  @Patch(':code')
  @ApiBody({ schema: CATEGORY_SCHEMAS.edit })
  update(@CurrentStaff() me: StaffRef, @Param('code') code: string, @Body() body: unknown) {
    return this.catalog.updateCategory(me, code, parseCategory(body, 'edit'));
  }

  @Post(':code/deactivate')
  @HttpCode(200)
  deactivate(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
    return this.catalog.setCategoryActive(me, code, false);
  }

  @Post(':code/reactivate')
  @HttpCode(200)
  reactivate(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
    return this.catalog.setCategoryActive(me, code, true);
  }
}
