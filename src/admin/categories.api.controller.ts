import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CatalogService } from '../catalog';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { CreateCategoryDto, parseCategory, UpdateCategoryDto } from './dto/catalog.dto';
import './admin.i18n';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/categories')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
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
  @ApiBody({ type: CreateCategoryDto })
  add(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.catalog.addCategory(me, parseCategory(body, 'add'));
  }

  @Patch(':code')
  @ApiBody({ type: UpdateCategoryDto })
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
