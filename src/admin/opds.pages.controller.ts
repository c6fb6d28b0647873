import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CatalogService, OPD_KINDS, OpdInput } from '../catalog/catalog.service';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff/auth.service';
import { CurrentStaff } from '../staff/auth/current-staff.decorator';
import { Roles, StaffAuthGuard } from '../staff/auth/staff-auth.guard';
import { Role } from '../staff/role';
import type { StaffRef } from '../staff/staff-ref';
import { adminPage, formErrors, isFormError } from './admin-page';
import { parseOpd } from './dto/catalog.dto';

/** OPDs for admins: list and add on one page, edit and (de)activate on another. */
@ApiExcludeController()
@Controller('staff/admin/opds')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class OpdsPagesController {
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
    const input = parseOpd(body, 'add');
    try {
      await this.catalog.addOpd(me, input);
      res.redirect(303, '/staff/admin/opds?saved=1');
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
    const input = parseOpd(body, 'edit');
    try {
      await this.catalog.updateOpd(me, code, input);
      res.redirect(303, `/staff/admin/opds/${encodeURIComponent(code)}?saved=1`);
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
      await this.catalog.setOpdActive(me, code, active);
      res.redirect(303, `/staff/admin/opds/${encodeURIComponent(code)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, code, e.status, null, formErrors(e, requestLang(req)));
    }
  }

  private async renderList(me: StaffRef, req: Request, res: Response, status: number, form: OpdInput, extra: Record<string, unknown>) {
    res.status(status).render(
      'admin/opds',
      adminPage(this.auth, me, req, 'opds', t(requestLang(req), 'admin.opds_title'), {
        opds: await this.catalog.allOpds(me),
        kinds: OPD_KINDS,
        v: form,
        ...extra,
      }),
    );
  }

  private async renderEdit(me: StaffRef, req: Request, res: Response, code: string, status: number, posted: OpdInput | null, extra: Record<string, unknown>) {
    const opd = await this.catalog.opd(me, code);
    res.status(status).render(
      'admin/opd-edit',
      adminPage(this.auth, me, req, 'opds', t(requestLang(req), 'admin.opd_title', { code: opd.code }), {
        opd,
        kinds: OPD_KINDS,
        v: { name: posted?.name ?? opd.name, kind: posted?.kind ?? opd.kind },
        ...extra,
      }),
    );
  }
}
