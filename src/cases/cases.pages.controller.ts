import { Body, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { answerLines } from '../catalog';
import type { Request, Response } from 'express';
import { CatalogService } from '../catalog';
import { ValidationFailed } from '../platform/http/domain-error';
import { fieldErrors, isCorrectable } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { page, redirect } from '../platform/views/page';
import { Lang, t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { SkipCsrf, StaffPages } from '../staff';
import { Clock } from '../platform/clock/clock';
import { UploadReceiver } from '../platform/uploads/multipart';
import { sendDecrypted } from '../platform/uploads/send-decrypted';
import { Role } from '../staff';
import { hasRole, type StaffRef } from '../staff';
import { TRACKS } from './workflow/case-workflow';
import { CASE_STATUSES, CHANNELS } from './case.types';
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

@StaffPages('staff/cases', Role.Supervisor, Role.Inspector)
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
  async inbox(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Query() query: Record<string, string | undefined>) {
    const q = inboxQuery(query);
    // A mistyped case number is shown beside the search box, not as an error page.
    const { page: found, errors } = await inboxOrErrors(this.cases.inbox(me, q), lang);
    const categories = await this.catalog.categories(lang);
    const opds = await this.catalog.opds();
    const opdNames = new Map(opds.map((o) => [o.code, o.name]));
    const names = new Map(categories.map((c) => [c.code, c.name]));
    const supervisor = me.roles.includes(Role.Supervisor);
    const filters = new URLSearchParams(Object.entries({ ...q, cursor: undefined, limit: undefined }).filter(([, v]) => v !== undefined) as [string, string][]);
    return page(
      'cases/inbox',
      {
        title: t(lang, 'cases.inbox_title'),
        q,
        counts: await this.cases.countsByStatus(me),
        statuses: CASE_STATUSES,
        channels: CHANNELS,
        categories,
        opds,
        errors,
        inspectors: supervisor ? await this.assignments.inspectors() : [],
        supervisor,
        labels: await this.labels.list(me),
        labelStyles: true,
        // Those who plan the work (and admins, who fix it) see a missing holiday list early.
        calendarWarning: hasRole(me, Role.Supervisor, Role.Admin) ? await this.holidays.calendarWarning(this.clock.now()) : null,
        items: found.items.map((i) => ({ ...i, categoryName: names.get(i.categoryCode) ?? i.categoryCode, opdName: i.opdCode ? (opdNames.get(i.opdCode) ?? i.opdCode) : null })),
        nextPage: found.nextCursor ? `/staff/cases?${filters.toString()}${filters.size ? '&' : ''}cursor=${found.nextCursor}` : null,
      },
      errors.length ? 400 : 200,
    );
  }

  @Get(':id')
  async show(@CurrentStaff() me: StaffRef, @Req() req: Request, @RequestLang() lang: Lang, @Param('id') idOrNumber: string) {
    // A case number as people type it (WBS-2026-00001, wbs 2026 1) leads to the case's own address.
    const ref = parseCaseReference(idOrNumber);
    if (ref && 'number' in ref) {
      const found = await this.cases.idOfNumber(me, ref.number);
      if (!found) throw new CaseNotFound();
      return redirect(`/staff/cases/${found}${new URL(req.originalUrl, 'http://localhost').search}`);
    }
    const id = String(await new ParseUUIDPipe().transform(idOrNumber, { type: 'param', data: 'id' }));
    return this.casePage(me, lang, id, 200, {});
  }

  /** The reply box: shows the message as the reporter will see it; stores and sends nothing. */
  @Post(':id/messages/preview')
  async previewReply(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      return previewPage(lang, 200, await this.replies.preview(me, id, body.body), {});
    } catch (e) {
      return this.errorPage(me, lang, id, body, e, { draft: body.body });
    }
  }

  /**
   * The preview's form: "Edit" goes back to the reply box with the text kept, "Send" sends the
   * previewed text once. It takes files, so its CSRF token arrives inside the multipart body.
   */
  @Post(':id/messages')
  @SkipCsrf()
  async reply(@CurrentStaff() me: StaffRef, @Req() req: Request, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string) {
    let upload: Awaited<ReturnType<UploadReceiver['read']>>;
    try {
      upload = await this.uploads.read(req, { signedInStaff: true });
    } catch (e) {
      // A refused upload (too large, too many files) leaves no text to preview: say so at the top.
      return this.errorPage(me, lang, id, {}, e, { rename: { attachments: 'form' } });
    }
    const fields = upload.fields;
    this.auth.assertCsrf(me.sessionId, fields._csrf);
    if (fields.step === 'edit') return this.casePage(me, lang, id, 200, { draft: fields.body });
    try {
      await this.replies.confirm(me, id, fields, upload.files);
      return redirect(`/staff/cases/${id}#messages`);
    } catch (e) {
      if (e instanceof ReplyPreviewOutdated) return previewPage(lang, e.status, await this.replies.preview(me, id, fields.body), { outdated: true });
      // A file refused: the same preview again, the error beside the file box; a text refused: the reply box.
      if (isCorrectable(e) && e.field !== 'body') {
        return previewPage(lang, e.status, await this.replies.preview(me, id, fields.body), { errors: fieldErrors(e, lang) });
      }
      return this.errorPage(me, lang, id, fields, e, { draft: fields.body });
    }
  }

  @Post(':id/notes')
  note(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    // Its errors and text stay with the note box, apart from the reply box's.
    return this.act(me, lang, id, 'notes', body, () => this.cases.addNote(me, id, body.body), { noteDraft: body.body, rename: { body: 'noteBody' } });
  }

  @Post(':id/assign')
  assign(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, lang, id, 'assignment', body, () => this.assignments.assign(me, id, body.inspectorId, body.overrideReason, body.overrideFor ?? ''));
  }

  @Post(':id/unassign')
  unassign(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, lang, id, 'assignment', body, () => this.assignments.unassign(me, id, String(body.inspectorId ?? ''), body.unassignReason, 'unassignReason'));
  }

  @Post(':id/recuse')
  async recuse(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      await this.assignments.recuse(me, id, body.reason);
      return redirect('/staff/cases'); // the case is no longer theirs to see
    } catch (e) {
      return this.errorPage(me, lang, id, body, e);
    }
  }

  @Post(':id/links')
  link(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, lang, id, 'links', body, () => this.cases.link(me, id, body.caseId));
  }

  @Post(':id/labels')
  addLabel(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, lang, id, 'labels', body, () => this.labels.addToCase(me, id, body.labelId));
  }

  @Post(':id/labels/remove')
  removeLabel(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, lang, id, 'labels', body, () => this.labels.removeFromCase(me, id, body.labelId));
  }

  @Post(':id/identity-requests')
  requestIdentity(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, lang, id, 'identity', body, () => this.identity.request(me, id, body.justification));
  }

  /** The page for one move: only the fields that move needs (workflow/case-workflow.ts). */
  @Get(':id/move/:status')
  async moveForm(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Param('status') to: string) {
    return movePage(lang, 200, await this.workflow.moveForm(me, id, to), {}, []);
  }

  @Post(':id/move/:status')
  move(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Param('status') to: string, @Body() body: Record<string, unknown>) {
    return this.transitionTo(me, lang, id, to, body);
  }

  /** The older single form (any move named in `to`); errors show on that move's page. */
  @Post(':id/transition')
  transition(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.transitionTo(me, lang, id, String(body.to ?? ''), body);
  }

  private async transitionTo(me: StaffRef, lang: Lang, id: string, to: string, body: Record<string, unknown>) {
    try {
      await this.workflow.transition(me, id, {
        to,
        reason: body.reason,
        outcome: body.outcome || undefined,
        track: body.track || undefined,
        summary: body.summary,
        duplicateOf: body.duplicateOf || undefined,
      });
      return redirect(`/staff/cases/${id}#history`);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      return movePage(lang, e.status, await this.workflow.moveForm(me, id, to), body, fieldErrors(e, lang));
    }
  }

  /** Runs one action; success returns to the case, an input error shows it beside its field. */
  private async act(me: StaffRef, lang: Lang, id: string, anchor: string, body: Record<string, unknown>, run: () => Promise<unknown>, keep: ErrorView = {}) {
    try {
      await run();
      return redirect(`/staff/cases/${id}#${anchor}`);
    } catch (e) {
      return this.errorPage(me, lang, id, body, e, keep);
    }
  }

  private errorPage(me: StaffRef, lang: Lang, id: string, body: Record<string, unknown>, e: unknown, keep: ErrorView = {}) {
    if (!isCorrectable(e)) throw e;
    const { rename = {}, ...drafts } = keep;
    const errors = fieldErrors(e, lang).map((x) => ({ ...x, field: rename[x.field] ?? x.field }));
    return this.casePage(me, lang, id, e.status, { form: body, errors, ...drafts });
  }

  /** The export form: which internal notes go into the referral PDF (none by default). */
  @Get(':id/export')
  exportForm(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string) {
    return this.exportPage(me, lang, id, 200, {});
  }

  /**
   * Answers with the PDF, written straight to the response; an unknown note shows the form
   * again with the error (a returned page, hence the passthrough).
   */
  @Post(':id/export')
  async exportPdf(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Res({ passthrough: true }) res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    try {
      sendCasePdf(res, await this.exports.export(me, id, body.notes, lang));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      const chosen = ([] as unknown[]).concat(body.notes ?? []).filter((n) => typeof n === 'string');
      return this.exportPage(me, lang, id, e.status, { chosen, errors: fieldErrors(e, lang) });
    }
  }

  private async exportPage(me: StaffRef, lang: Lang, id: string, status: number, extra: Record<string, unknown>) {
    const form = await this.exports.form(me, id);
    return page('cases/export', { title: `${form.number}: ${t(lang, 'cases.export_title')}`, form, ...extra }, status);
  }

  @Get(':id/attachments/:attachmentId')
  async download(@CurrentStaff() me: StaffRef, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Param('attachmentId', ParseUUIDPipe) attachmentId: string) {
    await sendDecrypted(res, await this.cases.openAttachment(me, id, attachmentId));
  }

  private async casePage(me: StaffRef, lang: Lang, id: string, status: number, extra: Record<string, unknown>) {
    const detail = await this.cases.detail(me, id);
    const supervisor = me.roles.includes(Role.Supervisor);
    const assignedToMe = detail.assignees.some((a) => a.id === me.id);
    // Only what can be done now: a closed case has no one to assign; moves come from the workflow.
    const mayAssign = supervisor && detail.status !== 'closed';
    const moves = supervisor ? this.workflow.nextStatuses(detail.status) : [];
    // Who may label the case: a supervisor, or an inspector assigned to it (the service checks again).
    const mayLabel = supervisor || assignedToMe;
    const onCase = new Set(detail.labels.map((l) => l.id));
    return page(
      'cases/case',
      {
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
        title: detail.number,
        c: detail,
        categoryName: await this.catalog.categoryName(detail.categoryCode, lang),
        opdName: detail.opdCode ? await this.catalog.opdName(detail.opdCode) : null,
        answers: answerLines(detail.report.answers, lang),
        ...extra,
      },
      status,
    );
  }
}

function previewPage(lang: Lang, status: number, p: ReplyPreview, extra: Record<string, unknown>) {
  return page('cases/reply-preview', { title: `${p.number}: ${t(lang, 'case_page.preview_title')}`, p, message: { from: 'inspectorate', body: p.body, at: p.at, attachments: [] }, ...extra }, status);
}

function movePage(lang: Lang, status: number, m: MoveForm, form: Record<string, unknown>, errors: { field: string; message: string }[]) {
  return page(
    'cases/move',
    {
      title: t(lang, m.reopening ? 'case_page.reopen_title' : 'case_page.move_title', { number: m.number, status: t(lang, `status.${m.to}`) }),
      m,
      form,
      tracks: TRACKS,
      // What was chosen before an error, else the case's current track.
      chosenTrack: typeof form.track === 'string' && form.track ? form.track : m.currentTrack,
      errors,
    },
    status,
  );
}

/** What an action's error page keeps: drafts by name, and error fields renamed to their box's. */
interface ErrorView {
  draft?: unknown;
  noteDraft?: unknown;
  rename?: Record<string, string>;
}
