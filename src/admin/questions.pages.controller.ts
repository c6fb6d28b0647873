import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CatalogService } from '../catalog';
import { QUESTION_KINDS } from '../catalog';
import { QuestionsService } from '../catalog';
import { ValidationFailed } from '../platform/http/domain-error';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, formErrors, isFormError } from './admin-page';
import { onFormFields, parseQuestionForm, QuestionFormValues, questionFormValues } from './dto/question-form';

const EMPTY_FORM: QuestionFormValues = { kind: 'text', label: { id: '', en: '' }, help: { id: '', en: '' }, required: false, optionsText: '' };

/**
 * Extra questions for admins: a category's list (or the list asked in every category) with the
 * add form, and one question's page to edit, retire or reactivate it. Order: up/down buttons.
 */
@ApiExcludeController()
@Controller('staff/admin')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class QuestionsPagesController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  @Get('categories/:code/questions')
  async list(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('code') code: string, @Query('saved') saved?: string) {
    await this.renderList(me, req, res, code, 200, EMPTY_FORM, { saved: saved === '1' });
  }

  @Get('questions')
  async listForAll(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query('saved') saved?: string) {
    await this.renderList(me, req, res, null, 200, EMPTY_FORM, { saved: saved === '1' });
  }

  @Post('categories/:code/questions')
  async add(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('code') code: string, @Body() body: unknown) {
    await this.addTo(me, req, res, code, body);
  }

  @Post('questions')
  async addForAll(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    await this.addTo(me, req, res, null, body);
  }

  @Get('questions/:id')
  async edit(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query('saved') saved?: string) {
    await this.renderEdit(me, req, res, id, 200, null, { saved: saved === '1' });
  }

  @Post('questions/:id')
  async update(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const form = parseQuestionForm(body);
    try {
      await this.questions.update(me, id, form.input);
      res.redirect(303, `/staff/admin/questions/${id}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, id, e.status, form.values, pageErrors(e, req));
    }
  }

  @Post('questions/:id/retire')
  async retire(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    await this.questions.setActive(me, id, false);
    res.redirect(303, `/staff/admin/questions/${id}?saved=1`);
  }

  @Post('questions/:id/reactivate')
  async reactivate(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    await this.questions.setActive(me, id, true);
    res.redirect(303, `/staff/admin/questions/${id}?saved=1`);
  }

  /** Back to the list the button was on, at the question moved. */
  @Post('questions/:id/move')
  async move(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: { direction?: unknown }) {
    await this.questions.move(me, id, body?.direction);
    const q = await this.questions.question(me, id);
    res.redirect(303, `${listUrl(q.categoryCode)}?saved=1#q-${id}`);
  }

  private async addTo(me: StaffRef, req: Request, res: Response, scope: string | null, body: unknown) {
    const form = parseQuestionForm(body);
    try {
      await this.questions.add(me, scope, form.input);
      res.redirect(303, `${listUrl(scope)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderList(me, req, res, scope, e.status, form.values, pageErrors(e, req));
    }
  }

  private async renderList(me: StaffRef, req: Request, res: Response, scope: string | null, status: number, v: QuestionFormValues, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const questions = await this.questions.list(me, scope);
    const categoryName = scope === null ? null : await this.catalog.categoryName(scope, lang);
    const title = scope === null ? t(lang, 'question.admin_all_title') : t(lang, 'question.admin_title', { category: categoryName ?? scope });
    res.status(status).render(
      'admin/questions',
      adminPage(this.auth, me, req, 'categories', title, {
        scope,
        action: listUrl(scope),
        questions: questions.map((q, i) => ({ ...q, shownLabel: q.label[lang], first: i === 0, last: i === questions.length - 1 })),
        kinds: QUESTION_KINDS,
        v,
        ...extra,
      }),
    );
  }

  private async renderEdit(me: StaffRef, req: Request, res: Response, id: string, status: number, posted: QuestionFormValues | null, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const question = await this.questions.question(me, id);
    res.status(status).render(
      'admin/question-edit',
      adminPage(this.auth, me, req, 'categories', t(lang, 'question.edit_title'), {
        question,
        back: listUrl(question.categoryCode),
        action: `/staff/admin/questions/${id}`,
        kinds: QUESTION_KINDS,
        v: posted ?? questionFormValues(question),
        ...extra,
      }),
    );
  }
}

function listUrl(scope: string | null): string {
  return scope === null ? '/staff/admin/questions' : `/staff/admin/categories/${encodeURIComponent(scope)}/questions`;
}

function pageErrors(e: ValidationFailed | Parameters<typeof formErrors>[0], req: Request) {
  return formErrors(e instanceof ValidationFailed ? new ValidationFailed(onFormFields(e.errors)) : e, requestLang(req));
}
