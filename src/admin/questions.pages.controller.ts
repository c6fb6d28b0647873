import { Body, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CatalogService } from '../catalog';
import { QUESTION_KINDS } from '../catalog';
import { QuestionsService } from '../catalog';
import { DomainError, ValidationFailed } from '../platform/http/domain-error';
import { formErrors } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { redirect } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import { StaffPages } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { adminPage, isFormError } from './admin-page';
import { onFormFields, parseQuestionForm, QuestionFormValues, questionFormValues } from './dto/question-form';

const EMPTY_FORM: QuestionFormValues = { kind: 'text', label: { id: '', en: '' }, help: { id: '', en: '' }, required: false, optionsText: '' };

/**
 * Extra questions for admins: a category's list (or the list asked in every category) with the
 * add form, and one question's page to edit, retire or reactivate it. Order: up/down buttons.
 */
@StaffPages('staff/admin', Role.Admin)
export class QuestionsPagesController {
  constructor(
    private readonly questions: QuestionsService,
    private readonly catalog: CatalogService,
  ) {}

  @Get('categories/:code/questions')
  list(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('code') code: string, @Query('saved') saved?: string) {
    return this.listPage(me, lang, code, 200, EMPTY_FORM, { saved: saved === '1' });
  }

  @Get('questions')
  listForAll(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query('saved') saved?: string) {
    return this.listPage(me, lang, null, 200, EMPTY_FORM, { saved: saved === '1' });
  }

  @Post('categories/:code/questions')
  add(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('code') code: string, @Body() body: unknown) {
    return this.addTo(me, lang, code, body);
  }

  @Post('questions')
  addForAll(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: unknown) {
    return this.addTo(me, lang, null, body);
  }

  @Get('questions/:id')
  edit(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Query('saved') saved?: string) {
    return this.editPage(me, lang, id, 200, null, { saved: saved === '1' });
  }

  @Post('questions/:id')
  async update(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const form = parseQuestionForm(body);
    try {
      await this.questions.update(me, id, form.input);
      return redirect(`/staff/admin/questions/${id}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return this.editPage(me, lang, id, e.status, form.values, pageErrors(e, lang));
    }
  }

  @Post('questions/:id/retire')
  async retire(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    await this.questions.setActive(me, id, false);
    return redirect(`/staff/admin/questions/${id}?saved=1`);
  }

  @Post('questions/:id/reactivate')
  async reactivate(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    await this.questions.setActive(me, id, true);
    return redirect(`/staff/admin/questions/${id}?saved=1`);
  }

  /** Back to the list the button was on, at the question moved. */
  @Post('questions/:id/move')
  async move(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { direction?: unknown }) {
    await this.questions.move(me, id, body?.direction);
    const q = await this.questions.question(me, id);
    return redirect(`${listUrl(q.categoryCode)}?saved=1#q-${id}`);
  }

  private async addTo(me: StaffRef, lang: Lang, scope: string | null, body: unknown) {
    const form = parseQuestionForm(body);
    try {
      await this.questions.add(me, scope, form.input);
      return redirect(`${listUrl(scope)}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return this.listPage(me, lang, scope, e.status, form.values, pageErrors(e, lang));
    }
  }

  private async listPage(me: StaffRef, lang: Lang, scope: string | null, status: number, v: QuestionFormValues, extra: Record<string, unknown>) {
    const questions = await this.questions.list(me, scope);
    const categoryName = scope === null ? null : await this.catalog.categoryName(scope, lang);
    const title = scope === null ? t(lang, 'question.admin_all_title') : t(lang, 'question.admin_title', { category: categoryName ?? scope });
    return adminPage(
      'admin/questions',
      'categories',
      title,
      {
        scope,
        action: listUrl(scope),
        questions: questions.map((q, i) => ({ ...q, shownLabel: q.label[lang], first: i === 0, last: i === questions.length - 1 })),
        kinds: QUESTION_KINDS,
        v,
        ...extra,
      },
      status,
    );
  }

  private async editPage(me: StaffRef, lang: Lang, id: string, status: number, posted: QuestionFormValues | null, extra: Record<string, unknown>) {
    const question = await this.questions.question(me, id);
    return adminPage(
      'admin/question-edit',
      'categories',
      t(lang, 'question.edit_title'),
      {
        question,
        back: listUrl(question.categoryCode),
        action: `/staff/admin/questions/${id}`,
        kinds: QUESTION_KINDS,
        v: posted ?? questionFormValues(question),
        ...extra,
      },
      status,
    );
  }
}

function listUrl(scope: string | null): string {
  return scope === null ? '/staff/admin/questions' : `/staff/admin/categories/${encodeURIComponent(scope)}/questions`;
}

function pageErrors(e: DomainError, lang: Lang) {
  return formErrors(e instanceof ValidationFailed ? new ValidationFailed(onFormFields(e.errors)) : e, lang);
}
