import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
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
import { OUTCOMES } from './workflow/case-workflow';
import { CasesService } from './cases.service';
import { inboxQuery } from './cases.api.controller';
import { AssignmentService } from './assignment.service';
import { WorkflowService } from './workflow.service';
import './workflow.i18n';
import './identity.i18n';
import { IdentityRequestsService } from './identity-requests.service';
import { HolidaysService } from './sla/holidays.service';
import { CaseExportService } from './export/case-export.service';
import { sendCasePdf } from './export/send-case-pdf';
import './cases.i18n';
import { LabelsService } from './labels/labels.service';
import './labels/labels.i18n';

/** The moves a supervisor is offered on the page (the workflow checks them again). */
const NEXT_STATUSES: Record<string, string[]> = {
  received: ['verifying', 'closed'],
  verifying: ['investigating', 'closed'],
  investigating: ['closed'],
  closed: ['verifying', 'investigating'],
};

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
  ) {}

  @Get()
  async inbox(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Query() query: Record<string, string | undefined>) {
    const lang = requestLang(req);
    const q = inboxQuery(query);
    const page = await this.cases.inbox(me, q);
    const categories = await this.catalog.categories(lang);
    const names = new Map(categories.map((c) => [c.code, c.name]));
    const supervisor = me.roles.includes(Role.Supervisor);
    const filters = new URLSearchParams(Object.entries({ ...q, cursor: undefined, limit: undefined }).filter(([, v]) => v !== undefined) as [string, string][]);
    res.render('cases/inbox', {
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
      opds: await this.catalog.opds(),
      inspectors: supervisor ? await this.assignments.inspectors() : [],
      supervisor,
      labels: await this.labels.list(me),
      labelStyles: true,
      // Those who plan the work (and admins, who fix it) see a missing holiday list early.
      calendarWarning: hasRole(me, Role.Supervisor, Role.Admin) ? await this.holidays.calendarWarning(this.clock.now()) : null,
      items: page.items.map((i) => ({ ...i, categoryName: names.get(i.categoryCode) ?? i.categoryCode })),
      nextPage: page.nextCursor ? `/staff/cases?${filters.toString()}${filters.size ? '&' : ''}cursor=${page.nextCursor}` : null,
    });
  }

  @Get(':id')
  async show(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    await this.renderCase(me, req, res, id, 200, {});
  }

  /** The reply box takes files, so its CSRF token arrives inside the multipart body. */
  @Post(':id/messages')
  @SkipCsrf()
  async reply(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    let fields: Record<string, string> = {};
    await this.act(me, req, res, id, 'messages', fields, async () => {
      const upload = await this.uploads.read(req, { signedInStaff: true });
      fields = upload.fields;
      this.auth.assertCsrf(me.sessionId, fields._csrf);
      return this.cases.sendToReporter(me, id, fields.body, upload.files);
    });
  }

  @Post(':id/notes')
  note(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'notes', body, () => this.cases.addNote(me, id, body.body));
  }

  @Post(':id/assign')
  assign(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'assignment', body, () => this.assignments.assign(me, id, body.inspectorId, body.overrideReason));
  }

  @Post(':id/unassign')
  unassign(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'assignment', body, () => this.assignments.unassign(me, id, String(body.inspectorId ?? '')));
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

  @Post(':id/transition')
  transition(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    return this.act(me, req, res, id, 'status', body, () =>
      this.workflow.transition(me, id, { to: String(body.to ?? ''), reason: body.reason, outcome: body.outcome || undefined, track: body.track || undefined, summary: body.summary, duplicateOf: body.duplicateOf || undefined }),
    );
  }

  /** Runs one action; success returns to the case, an input error shows it beside its field. */
  private async act(me: StaffRef, req: Request, res: Response, id: string, anchor: string, body: Record<string, unknown>, run: () => Promise<unknown>) {
    try {
      await run();
      res.redirect(303, `/staff/cases/${id}#${anchor}`);
    } catch (e) {
      await this.renderError(me, req, res, id, body, e);
    }
  }

  private async renderError(me: StaffRef, req: Request, res: Response, id: string, body: Record<string, unknown>, e: unknown) {
    if (!(e instanceof DomainError) || e.status >= 500 || e.status === 401 || e.status === 403 || e.status === 404) throw e;
    const lang = requestLang(req);
    const errors = e instanceof ValidationFailed ? e.errors : [{ field: e.field ?? 'form', message: e.message, params: e.params }];
    await this.renderCase(me, req, res, id, e.status, {
      form: body,
      errors: errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })),
    });
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
    const assignable = supervisor && detail.status !== 'closed' ? await this.assignments.assignable(me, id) : [];
    const onCase = new Set(detail.labels.map((l) => l.id));
    res.status(status).render('cases/case', {
      layout: 'layouts/staff',
      lang,
      me,
      supervisor,
      assignedToMe: detail.assignees.some((a) => a.id === me.id),
      // Who may label the case: a supervisor, or an inspector assigned to it (the service checks again).
      mayLabel: supervisor || detail.assignees.some((a) => a.id === me.id),
      labelsToAdd: (await this.labels.list(me)).filter((l) => !onCase.has(l.id)),
      labelStyles: true,
      assignable: assignable.filter((i) => !i.assigned),
      nextStatuses: NEXT_STATUSES[detail.status],
      outcomes: OUTCOMES,
      tracks: ['complaint', 'examination'],
      csrf: this.auth.csrfToken(me.sessionId),
      title: detail.number,
      c: detail,
      categoryName: await this.catalog.categoryName(detail.categoryCode, lang),
      opdName: detail.opdCode ? await this.catalog.opdName(detail.opdCode) : null,
      ...extra,
    });
  }
}
