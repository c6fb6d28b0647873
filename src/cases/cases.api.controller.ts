import { Body, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UploadReceiver } from '../platform/uploads/multipart';
import { ApiBody, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { requestLang } from '../platform/http/request-lang';
import { AssignmentService } from './assignment.service';
import { CasesService, InboxQuery } from './cases.service';
import { WorkflowService } from './workflow.service';
import { IdentityRequestsService } from './identity-requests.service';
import type { TransitionRequest } from './workflow/case-workflow';
import { CaseExportService } from './export/case-export.service';
import { sendCasePdf } from './export/send-case-pdf';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';
import { inboxJson } from './inbox-json';

/** Inbox filters from a query string; empty values mean "any". */
export function inboxQuery(q: Record<string, string | undefined>): InboxQuery {
  const v = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? q[k] : undefined);
  return {
    status: v('status'),
    category: v('category'),
    opd: v('opd'),
    channel: v('channel'),
    assignee: v('assignee'),
    sort: v('sort'),
    overdue: v('overdue'),
    label: v('label'),
    number: v('number'),
    cursor: v('cursor'),
    limit: v('limit') ? Number(v('limit')) || 25 : undefined,
  };
}

/** Case work for supervisors and inspectors; the services check who may do what. */
@StaffApi('api/v1/cases', 'cases', Role.Supervisor, Role.Inspector)
export class CasesApiController {
  constructor(
    private readonly cases: CasesService,
    private readonly assignments: AssignmentService,
    private readonly workflow: WorkflowService,
    private readonly identity: IdentityRequestsService,
    private readonly exports: CaseExportService,
    private readonly uploads: UploadReceiver,
  ) {}

  @Get()
  async list(@CurrentStaff() me: StaffRef, @Query() q: Record<string, string | undefined>) {
    return inboxJson(await this.cases.inbox(me, inboxQuery(q)));
  }

  @Get('counts')
  counts(@CurrentStaff() me: StaffRef) {
    return this.cases.countsByStatus(me);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One case, decrypted for a member who holds its key',
    description:
      "`report.answers` (when the reporter answered the category's extra questions): `[{ questionId, kind, label: { id, en }, options?: [{ value, label: { id, en } }], value }]`, each question as it was asked when the report was filed; later edits of the question do not change it.",
  })
  get(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.cases.detail(me, id);
  }

  /** JSON `{ body }`, or multipart with `body` and files `attachments`. */
  @Post(':id/messages')
  async message(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    const { fields, files } = await this.uploads.read(req, { signedInStaff: true });
    return this.cases.sendToReporter(me, id, fields.body, files);
  }

  @Post(':id/notes')
  note(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { body?: unknown }) {
    return this.cases.addNote(me, id, body?.body);
  }

  @Get(':id/assignable')
  assignable(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.assignments.assignable(me, id);
  }

  /**
   * Assigns exactly `inspectorId`. With a conflict of interest, `overrideReason` is required; when
   * `overrideFor` is sent, it must name the same inspector (the one the reason was written for).
   */
  @Post(':id/assign')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['inspectorId'],
      properties: { inspectorId: { type: 'string', format: 'uuid' }, overrideReason: { type: 'string' }, overrideFor: { type: 'string', format: 'uuid' } },
    },
  })
  assign(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { inspectorId?: unknown; overrideReason?: unknown; overrideFor?: unknown }) {
    return this.assignments.assign(me, id, body?.inspectorId, body?.overrideReason, body?.overrideFor);
  }

  /** Takes an inspector off the case; JSON body `{ "reason" }` is required (kept encrypted). */
  @Delete(':id/assignees/:inspectorId')
  @HttpCode(204)
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } })
  async unassign(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Param('inspectorId', ParseUUIDPipe) inspectorId: string, @Body() body: { reason?: unknown }) {
    await this.assignments.unassign(me, id, inspectorId, body?.reason);
  }

  @Post(':id/recuse')
  @HttpCode(204)
  async recuse(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { reason?: unknown }) {
    await this.assignments.recuse(me, id, body?.reason);
  }

  /** `caseId`: the other case's number (WBS-2026-00001), or its id. */
  @Post(':id/links')
  @HttpCode(204)
  async link(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { caseId?: unknown }) {
    await this.cases.link(me, id, body?.caseId);
  }

  @Post(':id/identity-requests')
  requestIdentity(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { justification?: unknown }) {
    return this.identity.request(me, id, body?.justification);
  }

  /** The case file for referral as a PDF (supervisors); `noteIds`: internal notes to include. */
  @Post(':id/export')
  @ApiProduces('application/pdf')
  @ApiBody({ schema: { type: 'object', properties: { noteIds: { type: 'array', items: { type: 'string', format: 'uuid' } } } } })
  async export(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { noteIds?: unknown }, @Req() req: Request, @Res() res: Response) {
    sendCasePdf(res, await this.exports.export(me, id, body?.noteIds, requestLang(req)));
  }

  @Post(':id/transition')
  @HttpCode(200)
  transition(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionRequest) {
    return this.workflow.transition(me, id, body ?? ({} as TransitionRequest));
  }
}
