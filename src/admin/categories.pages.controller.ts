import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CatalogService, CategoryInput } from '../catalog/catalog.service';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff/auth.service';
import { CurrentStaff } from '../staff/auth/current-staff.decorator';
import { Roles, StaffAuthGuard } from '../staff/auth/staff-auth.guard';
import { Role } from '../staff/role';
import type { StaffRef } from '../staff/staff-ref';
import { adminPage, formErrors, isFormError } from './admin-page';
import { parseCategory } from './dto/catalog.dto';

/** Report categories for admins: list and add on one page, edit and (de)activate on another. */
@ApiExcludeController()
@Controller('staff/admin/categories')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class CategoriesPagesController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async list(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('saved') saved?: string) {
    await this.renderList(me, req, res, 200, {}, { saved: saved === '1' });
  }

  @Post()
  async add(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const input = parseCategory(body, 'add');
    try {
      await this.catalog.addCategory(me, input);
      res.redirect(303, '/staff/admin/categories?saved=1');
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderList(me, req, res, e.status, input, formErrors(e, requestLang(req)));
    }
  }

  @Get(':code')
  async edit(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('code') code: string, @Query('saved') saved?: string) {
    await this.renderEdit(me, req, res, code, 200, null, { saved: saved === '1' });
  }

  @Post(':code')
  async update(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('code') code: string, @Body() body: unknown) {
    const input = parseCategory(body, 'edit');
    try {
      await this.catalog.updateCategory(me, code, input);
      res.redirect(303, `/staff/admin/categories/${encodeURIComponent(code)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, code, e.status, input, formErrors(e, requestLang(req)));
    }
  }

  @Post(':code/deactivate')
  async deactivate(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('code') code: string) {
    await this.setActive(me, req, res, code, false);
  }

  @Post(':code/reactivate')
  async reactivate(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('code') code: string) {
    await this.setActive(me, req, res, code, true);
  }

  private async setActive(me: StaffRef, req: Request, res: Response, code: string, active: boolean) {
    try {
      await this.catalog.setCategoryActive(me, code, active);
      res.redirect(303, `/staff/admin/categories/${encodeURIComponent(code)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, code, e.status, null, formErrors(e, requestLang(req)));
    }
  }

  private async renderList(me: StaffRef, req: Request, res: Response, status: number, form: CategoryInput, extra: Record<string, unknown>) {
    res.status(status).render(
      'admin/categories',
      adminPage(this.auth, me, req, 'categories', t(requestLang(req), 'admin.categories_title'), {
        categories: await this.catalog.allCategories(me),
        v: form,
        ...extra,
      }),
    );
  }

  private async renderEdit(me: StaffRef, req: Request, res: Response, code: string, status: number, posted: CategoryInput | null, extra: Record<string, unknown>) {
    const category = await this.catalog.category(me, code);
    res.status(status).render(
      'admin/category-edit',
      adminPage(this.auth, me, req, 'categories', t(requestLang(req), 'admin.category_title', { code: category.code }), {
        category,
        v: { ...category, ...definedOnly(posted ?? {}) },
        ...extra,
      }),
    );
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
