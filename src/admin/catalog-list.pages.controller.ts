import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestLang } from '../platform/http/request-lang';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, formErrors, isFormError } from './admin-page';

/** What differs between the catalogue lists admins edit (categories, OPDs). */
export interface CatalogListPages<Input> {
  /** URL below /staff/admin, and the menu section. */
  section: 'categories' | 'opds';
  parse(body: unknown, mode: 'add' | 'edit'): Input;
  add(me: StaffRef, input: Input): Promise<unknown>;
  update(me: StaffRef, code: string, input: Input): Promise<unknown>;
  setActive(me: StaffRef, code: string, active: boolean): Promise<unknown>;
  /** Template, page title and the model of the list page. */
  listPage(me: StaffRef, req: Request, form: Input | Record<string, never>): Promise<{ view: string; title: string; model: Record<string, unknown> }>;
  /** Template, page title and the model of one entry's page, with what was posted over it. */
  editPage(me: StaffRef, req: Request, code: string, posted: Input | null): Promise<{ view: string; title: string; model: Record<string, unknown> }>;
}

/**
 * The routes of a catalogue list for admins: list and add on one page, edit and (de)activate on
 * another. Subclasses carry @Controller, the guards and the parts in CatalogListPages.
 */
export abstract class CatalogListPagesController<Input> {
  protected constructor(
    private readonly auth: AuthService,
    private readonly pages: CatalogListPages<Input>,
  ) {}

  @Get()
  async list(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('saved') saved?: string) {
    await this.renderList(me, req, res, 200, {}, { saved: saved === '1' });
  }

  @Post()
  async add(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const input = this.pages.parse(body, 'add');
    try {
      await this.pages.add(me, input);
      res.redirect(303, `/staff/admin/${this.pages.section}?saved=1`);
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
    const input = this.pages.parse(body, 'edit');
    try {
      await this.pages.update(me, code, input);
      res.redirect(303, `/staff/admin/${this.pages.section}/${encodeURIComponent(code)}?saved=1`);
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
      await this.pages.setActive(me, code, active);
      res.redirect(303, `/staff/admin/${this.pages.section}/${encodeURIComponent(code)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, code, e.status, null, formErrors(e, requestLang(req)));
    }
  }

  private async renderList(me: StaffRef, req: Request, res: Response, status: number, form: Input | Record<string, never>, extra: Record<string, unknown>) {
    const page = await this.pages.listPage(me, req, form);
    res.status(status).render(page.view, adminPage(this.auth, me, req, this.pages.section, page.title, { ...page.model, v: form, ...extra }));
  }

  private async renderEdit(me: StaffRef, req: Request, res: Response, code: string, status: number, posted: Input | null, extra: Record<string, unknown>) {
    const page = await this.pages.editPage(me, req, code, posted);
    res.status(status).render(page.view, adminPage(this.auth, me, req, this.pages.section, page.title, { ...page.model, ...extra }));
  }
}
