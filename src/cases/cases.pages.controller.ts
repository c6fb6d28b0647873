import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { answerLines } from '../catalog';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CatalogService } from '../catalog';
import { DomainError, ValidationFailed } from '../platform/http/domain-error';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, SkipCsrf, StaffAuthGuard } from '../staff';
import { Clock } from '../platform/clock/clock';
import { UploadReceiver } from '../platform/uploads/multipart';
import { sendDecrypted } from '../platform/uploads/send-decrypted';
import { Role } from '../staff';
import { hasRole, type StaffRef } from '../staff';
import { TRACKS } from './workflow/case-workflow';
import { CasesService } from './cases.service';
import { inboxQuery } from './cases.api.controller';
import { inboxOrErrors } from './inbox-page';
import { AssignmentService } from './assignment.service';
import { MoveForm, WorkflowService } from './workflow.service';
import { ReplyPreview, ReplyPreviewOutdated, ReplyPreviewService } from './reply-preview.service';
import './case-page.i18n';
import type { SentForm } from './assignment/assignment-panel';
import './assignment/assignment.i18n';
import './workflow.i18n';
import './identity.i18n';
import { IdentityRequestsService } from './identity-requests.service';
import { HolidaysService } from './sla/holidays.service';
import { CaseExportService } from './export/case-export.service';
import { sendCasePdf } from './export/send-case-pdf';
import './cases.i18n';
import { LabelsService } from './labels/labels.service';
import './labels/labels.i18n';
import { CaseNotFound } from './cases.errors';
import { parseCaseReference } from './case-reference';

@ApiExcludeController()
@Controller('staff/cases')
@UseGuards(StaffAuthGuard)
@Roles(Role.Supervisor, Role.Inspector)
export class CasesPagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly assignments: AssignmentService,
    private readonly workflow: WorkflowService,
    private readonly identity: IdentityRequestsService,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
    private readonly exports: CaseExportService,
    private readonly uploads: UploadReceiver,
    private readonly labels: LabelsService,
    private readonly replies: ReplyPreviewService,
  ) {}

  @Get()
  async inbox(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query() query: Record<string, string | undefined>) {
    const lang = requestLang(req);
    const q = inboxQuery(query);
    // A mistyped case number is shown beside the search box, not as an error page.
    const { page, errors } = await inboxOrErrors(this.cases.inbox(me, q), lang);
    const categories = await this.catalog.categories(lang);
    const opds = await this.catalog.opds();
    const opdNames = new Map(opds.map((o) => [o.code, o.name]));
    const names = new Map(categories.map((c) => [c.code, c.name]));
    const supervisor = me.roles.includes(Role.Supervisor);
    const filters = new URLSearchParams(Object.entries({ ...q, cursor: undefined, limit: undefined }).filter(([, v]) => v !== undefined) as [string, string][]);
    res.status(errors.length ? 400 : 200).render('cases/inbox', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: t(lang, 'cases.inbox_title'),
      q,
      counts: await this.cases.countsByStatus(me),
      statuses: ['received', 'verifying', 'investigating', 'closed'],
      channels: ['web', 'api', 'phone', 'letter', 'in_person', 'email'],
      categories,
      opds,
      errors,
      inspectors: supervisor ? await this.assignments.inspectors() : [],
      supervisor,
      labels: await this.labels.list(me),
      labelStyles: true,
      // Those who plan the work (and admins, who fix it) see a missing holiday list early.
      calendarWarning: hasRole(me, Role.Supervisor, Role.Admin) ? await this.holidays.calendarWarning(this.clock.now()) : null,
      items: page.items.map((i) => ({ ...i, categoryName: names.get(i.categoryCode) ?? i.categoryCode, opdName: i.opdCode ? (opdNames.get(i.opdCode) ?? i.opdCode) : null })),
      nextPage: page.nextCursor ? `/staff/cases?${filters.toString()}${filters.size ? '&' : ''}cursor=${page.nextCursor}` : null,
    });
  }

  @Get(':id')
  async show(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id') idOrNumber: string) {
    // A case number as people type it (WBS-2026-00001, wbs 2026 1) leads to the case's own address.
    const ref = parseCaseReference(idOrNumber);
    if (ref && 'number' in ref) {
      const found = await this.cases.idOfNumber(me, ref.number);
      if (!found) throw new CaseNotFound();
      return res.redirect(303, `/staff/cases/${found}${new URL(req.originalUrl, 'http://localhost').search}`);
    }
    const id = String(await new ParseUUIDPipe().transform(idOrNumber, { type: 'param', data: 'id' }));
    await this.renderCase(me, req, res, id, 200, {});
  }

  /** The reply box: shows the message as the reporter will see it; stores and sends nothing. */
  @Post(':id/messages/preview')
  async previewReply(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      await this.renderPreview(me, req, res, 200, await this.replies.preview(me, id, body.body), {});
    } catch (e) {
      await this.renderError(me, req, res, id, body, e, { draft: body.body });
    }
  }

  /**
   * The preview's form: "Edit" goes back to the reply box with the text kept, "Send" sends the
   * previewed text once. It takes files, so its CSRF token arrives inside the multipart body.
   */
  @Post(':id/messages')
  @SkipCsrf()
  async reply(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    let upload: Awaited<ReturnType<UploadReceiver['read']>>;
    try {
      upload = await this.uploads.read(req, { signedInStaff: true });
    } catch (e) {
      // A refused upload (too large, too many files) leaves no text to preview: say so at the top.
      return this.renderError(me, req, res, id, {}, e, { rename: { attachments: 'form' } });
    }
    const fields = upload.fields;
    this.auth.assertCsrf(me.sessionId, fields._csrf);
    if (fields.step === 'edit') return this.renderCase(me, req, res, id, 200, { draft: fields.body });
    try {
      await this.replies.confirm(me, id, fields, upload.files);
      res.redirect(303, `/staff/cases/${id}#messages`);
    } catch (e) {
      if (e instanceof ReplyPreviewOutdated) return this.renderPreview(me, req, res, e.status, await this.replies.preview(me, id, fields.body), { outdated: true });
      // A file refused: the same preview again, the error beside the file box; a text refused: the reply box.
      if (e instanceof DomainError && e.field !== 'body' && e.status < 500 && ![401, 403, 404].includes(e.status)) {
        return this.renderPreview(me, req, res, e.status, await this.replies.preview(me, id, fields.body), { errors: this.fieldErrors(req, e) });
      }
      await this.renderError(me, req, res, id, fields, e, { draft: fields.body });
    }
  }

  private async renderPreview(me: StaffRef, req: Request, res: Response, status: number, p: ReplyPreview, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    res.status(status).render('cases/reply-preview', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: `${p.number}: ${t(lang, 'case_page.preview_title')}`,
      p,
      message: { from: 'inspectorate', body: p.body, at: p.at, attachments: [] },
      ...extra,
    });
  }

  @Post(':id/notes')
  note(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    // Its errors and text stay with the note box, apart from the reply box's.
    return this.act(me, req, res, id, 'notes', body, () => this.cases.addNote(me, id, body.body), { noteDraft: body.body, rename: { body: 'noteBody' } });
  }

  @Post(':id/assign')
  assign(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'assignment', body, () => this.assignments.assign(me, id, body.inspectorId, body.overrideReason, body.overrideFor ?? ''));
  }

  @Post(':id/unassign')
  unassign(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'assignment', body, () => this.assignments.unassign(me, id, String(body.inspectorId ?? ''), body.unassignReason, 'unassignReason'));
  }

  @Post(':id/recuse')
  async recuse(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      await this.assignments.recuse(me, id, body.reason);
      res.redirect(303, '/staff/cases'); // the case is no longer theirs to see
    } catch (e) {
      await this.renderError(me, req, res, id, body, e);
    }
  }

  @Post(':id/links')
  link(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'links', body, () => this.cases.link(me, id, body.caseId));
  }

  @Post(':id/labels')
  addLabel(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'labels', body, () => this.labels.addToCase(me, id, body.labelId));
  }

  @Post(':id/labels/remove')
  removeLabel(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'labels', body, () => this.labels.removeFromCase(me, id, body.labelId));
  }

  @Post(':id/identity-requests')
  requestIdentity(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'identity', body, () => this.identity.request(me, id, body.justification));
  }

  /** The page for one move: only the fields that move needs (workflow/case-workflow.ts). */
  @Get(':id/move/:status')
  async moveForm(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Param('status') to: string) {
    this.renderMove(req, res, 200, me, await this.workflow.moveForm(me, id, to), {}, []);
  }

  @Post(':id/move/:status')
  move(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Param('status') to: string, @Body() body: Record<string, unknown>) {
    return this.transitionTo(me, req, res, id, to, body);
  }

  /** The older single form (any move named in `to`); errors show on that move's page. */
  @Post(':id/transition')
  transition(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.transitionTo(me, req, res, id, String(body.to ?? ''), body);
  }

  private async transitionTo(me: StaffRef, req: Request, res: Response, id: string, to: string, body: Record<string, unknown>) {
    try {
      await this.workflow.transition(me, id, {
        to,
        reason: body.reason,
        outcome: body.outcome || undefined,
        track: body.track || undefined,
        summary: body.summary,
        duplicateOf: body.duplicateOf || undefined,
      });
      res.redirect(303, `/staff/cases/${id}#history`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      this.renderMove(req, res, e.status, me, await this.workflow.moveForm(me, id, to), body, this.fieldErrors(req, e));
    }
  }

  private renderMove(req: Request, res: Response, status: number, me: StaffRef, m: MoveForm, form: Record<string, unknown>, errors: { field: string; message: string }[]) {
    const lang = requestLang(req);
    res.status(status).render('cases/move', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: t(lang, m.reopening ? 'case_page.reopen_title' : 'case_page.move_title', { number: m.number, status: t(lang, `status.${m.to}`) }),
      m,
      form,
      tracks: TRACKS,
      // What was chosen before an error, else the case's current track.
      chosenTrack: typeof form.track === 'string' && form.track ? form.track : m.currentTrack,
      errors,
    });
  }

  /** Runs one action; success returns to the case, an input error shows it beside its field. */
  private async act(me: StaffRef, req: Request, res: Response, id: string, anchor: string, body: Record<string, unknown>, run: () => Promise<unknown>, keep: ErrorView = {}) {
    try {
      await run();
      res.redirect(303, `/staff/cases/${id}#${anchor}`);
    } catch (e) {
      await this.renderError(me, req, res, id, body, e, keep);
    }
  }

  private async renderError(me: StaffRef, req: Request, res: Response, id: string, body: Record<string, unknown>, e: unknown, keep: ErrorView = {}) {
    if (!(e instanceof DomainError) || e.status >= 500 || e.status === 401 || e.status === 403 || e.status === 404) throw e;
    const { rename = {}, ...drafts } = keep;
    const errors = this.fieldErrors(req, e).map((x) => ({ ...x, field: rename[x.field] ?? x.field }));
    await this.renderCase(me, req, res, id, e.status, { form: body, errors, ...drafts });
  }

  /** A domain error as the field errors a page shows, in the page's language. */
  private fieldErrors(req: Request, e: DomainError): { field: string; message: string }[] {
    const lang = requestLang(req);
    const errors = e instanceof ValidationFailed ? e.errors : [{ field: e.field ?? 'form', message: e.message, params: e.params }];
    return errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) }));
  }

  /** The export form: which internal notes go into the referral PDF (none by default). */
  @Get(':id/export')
  async exportForm(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    await this.renderExportForm(me, req, res, id, 200, {});
  }

  /** Answers with the PDF; an unknown note shows the form again with the error. */
  @Post(':id/export')
  async exportPdf(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      sendCasePdf(res, await this.exports.export(me, id, body.notes, requestLang(req)));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const lang = requestLang(req);
      const chosen = ([] as unknown[]).concat(body.notes ?? []).filter((n) => typeof n === 'string');
      await this.renderExportForm(me, req, res, id, e.status, { chosen, errors: e.errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })) });
    }
  }

  private async renderExportForm(me: StaffRef, req: Request, res: Response, id: string, status: number, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const form = await this.exports.form(me, id);
    res.status(status).render('cases/export', {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: `${form.number}: ${t(lang, 'cases.export_title')}`,
      form,
      ...extra,
    });
  }

  @Get(':id/attachments/:attachmentId')
  async download(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Param('attachmentId', ParseUUIDPipe) attachmentId: string) {
    await sendDecrypted(res, await this.cases.openAttachment(me, id, attachmentId));
  }

  private async renderCase(me: StaffRef, req: Request, res: Response, id: string, status: number, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const detail = await this.cases.detail(me, id);
    const supervisor = me.roles.includes(Role.Supervisor);
    const assignedToMe = detail.assignees.some((a) => a.id === me.id);
    // Only what can be done now: a closed case has no one to assign; moves come from the workflow.
    const mayAssign = supervisor && detail.status !== 'closed';
    const moves = supervisor ? this.workflow.nextStatuses(detail.status) : [];
    // Who may label the case: a supervisor, or an inspector assigned to it (the service checks again).
    const mayLabel = supervisor || assignedToMe;
    const onCase = new Set(detail.labels.map((l) => l.id));
    res.status(status).render('cases/case', {
      layout: 'layouts/staff',
      lang,
      me,
      supervisor,
      assignedToMe,
      mayAssign,
      mayLabel,
      mayRequestIdentity: assignedToMe && !detail.identity,
      anyAction: moves.length > 0 || mayAssign || mayLabel || supervisor || assignedToMe,
      labelsToAdd: mayLabel ? (await this.labels.list(me)).filter((l) => !onCase.has(l.id)) : [],
      labelStyles: true,
      // A closed case keeps its assignment history (read only); the panel is null when there is nothing to show.
      assignment: supervisor ? await this.assignments.panel(me, detail, extra as SentForm) : null,
      moves,
      reopening: detail.status === 'closed',
      csrf: this.auth.csrfToken(me.sessionId),
      title: detail.number,
      c: detail,
      categoryName: await this.catalog.categoryName(detail.categoryCode, lang),
      opdName: detail.opdCode ? await this.catalog.opdName(detail.opdCode) : null,
      answers: answerLines(detail.report.answers, lang),
      ...extra,
    });
  }
}

/** What an action's error page keeps: drafts by name, and error fields renamed to their box's. */
interface ErrorView {
  draft?: unknown;
  noteDraft?: unknown;
  rename?: Record<string, string>;
}
