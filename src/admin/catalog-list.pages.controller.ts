import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { formErrors } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import type { Lang } from '../platform/i18n/i18n';
import { redirect } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, isFormError } from './admin-page';

/** What differs between the catalogue lists admins edit (categories, OPDs). */
export interface CatalogListPages<Input> {
  /** URL below /staff/admin, and the menu section. */
  section: 'categories' | 'opds';
  parse(body: unknown, mode: 'add' | 'edit'): Input;
  add(me: StaffRef, input: Input): Promise<unknown>;
  update(me: StaffRef, code: string, input: Input): Promise<unknown>;
  setActive(me: StaffRef, code: string, active: boolean): Promise<unknown>;
  /** Template, page title and the model of the list page. */
  listPage(me: StaffRef, lang: Lang, form: Input | Record<string, never>): Promise<CatalogPage>;
  /** Template, page title and the model of one entry's page, with what was posted over it. */
  editPage(me: StaffRef, lang: Lang, code: string, posted: Input | null): Promise<CatalogPage>;
}

interface CatalogPage {
  view: string;
  title: string;
  model: Record<string, unknown>;
}

/**
 * The routes of a catalogue list for admins: list and add on one page, edit and (de)activate on
 * another. Subclasses carry @Controller, the guards, the page interceptor and the parts in
 * CatalogListPages.
 */
export abstract class CatalogListPagesController<Input> {
  protected constructor(private readonly pages: CatalogListPages<Input>) {}

  @Get()
  list(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('saved') saved?: string) {
    return this.listPage(me, lang, 200, {}, { saved: saved === '1' });
  }

  @Post()
  async add(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: unknown) {
    const input = this.pages.parse(body, 'add');
    try {
      await this.pages.add(me, input);
      return redirect(`/staff/admin/${this.pages.section}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return this.listPage(me, lang, e.status, input, formErrors(e, lang));
    }
  }

  @Get(':code')
  edit(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('code') code: string, @Query('saved') saved?: string) {
    return this.editPage(me, lang, code, 200, null, { saved: saved === '1' });
  }

  @Post(':code')
  update(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('code') code: string, @Body() body: unknown) {
    const input = this.pages.parse(body, 'edit');
    return this.change(me, lang, code, () => this.pages.update(me, code, input), input);
  }

  @Post(':code/deactivate')
  deactivate(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('code') code: string) {
    return this.change(me, lang, code, () => this.pages.setActive(me, code, false));
  }

  @Post(':code/reactivate')
  reactivate(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('code') code: string) {
    return this.change(me, lang, code, () => this.pages.setActive(me, code, true));
  }

  /** One change to an entry: back to its page when made, else its page with the error (and what was `posted`). */
  private async change(me: StaffRef, lang: Lang, code: string, run: () => Promise<unknown>, posted: Input | null = null) {
    try {
      await run();
      return redirect(`/staff/admin/${this.pages.section}/${encodeURIComponent(code)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return this.editPage(me, lang, code, e.status, posted, formErrors(e, lang));
    }
  }

  private async listPage(me: StaffRef, lang: Lang, status: number, form: Input | Record<string, never>, extra: Record<string, unknown>) {
    const p = await this.pages.listPage(me, lang, form);
    return adminPage(p.view, this.pages.section, p.title, { ...p.model, v: form, ...extra }, status);
  }

  private async editPage(me: StaffRef, lang: Lang, code: string, status: number, posted: Input | null, extra: Record<string, unknown>) {
    const p = await this.pages.editPage(me, lang, code, posted);
    return adminPage(p.view, this.pages.section, p.title, { ...p.model, ...extra }, status);
  }
}
