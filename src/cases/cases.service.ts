import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { AttachmentInspector, disposeAll } from '../platform/uploads/attachments';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { EventPublisher } from '../platform/events';
import { Conflict, FieldError, ValidationFailed } from '../platform/http/domain-error';
import type { StaffRef } from '../staff';
import { StaffDirectory } from '../staff';
import { CasesRepository } from './cases.repository';
import { CaseAssignmentsRepository } from './case-assignments.repository';
import { AttachmentStore } from './attachment-store';
import { CaseAccess } from './case-access.service';
import { CaseStore, OfflineReceiptView } from './case-store';
import { CASE_STATUSES, CHANNELS, type AttachmentInput, type AttachmentSummary, type CaseStatus, type MessageView, type ReportContent, type ReporterIdentity } from './case.types';
import { IdentityRequestsService, IdentityRequestView } from './identity-requests.service';
import { CaseDeadline, SlaService } from './sla/sla.service';
import { AuditService } from '../audit';
import { CaseNotFound } from './cases.errors';
import { CasesLinked, NoteAdded, ReporterMessageSent } from './events/case-events';
import { CaseLabel, LabelsService } from './labels/labels.service';
import { parseCaseNumber } from './case-number';
import { InboxDeadline, inboxDeadline } from './inbox-deadline';
import { InboxRepository } from './inbox.repository';

export const MESSAGE_MAX_LENGTH = 10_000;

/**
 * The text of a message or a note: trimmed, line ends as one character whatever the browser
 * sent (forms send CRLF), within the limit; else a field error on `body`.
 */
export function messageText(input: unknown, requiredMessage: string): string {
  const body = typeof input === 'string' ? input.replace(/\r\n/g, '\n').trim() : '';
  if (!body) throw new ValidationFailed([{ field: 'body', message: requiredMessage }]);
  if (body.length > MESSAGE_MAX_LENGTH) throw new ValidationFailed([{ field: 'body', message: 'cases.message_too_long', params: { max: MESSAGE_MAX_LENGTH } }]);
  return body;
}

import type { UploadedFile as Upload } from '../platform/uploads/attachments';
import { parseCaseReference } from './case-reference';

export interface InboxItem {
  id: string;
  number: string;
  /** Null when this staff member holds no key for the case yet. */
  title: string | null;
  categoryCode: string;
  opdCode: string | null;
  status: CaseStatus;
  channel: string;
  anonymous: boolean;
  submittedAt: Date;
  /** Reports staff recorded: the local date received (YYYY-MM-DD), when the SLA started; else null. */
  receivedOn: string | null;
  lastReporterMessageAt: Date | null;
  /** The reporter wrote since this staff member last opened the case. */
  unread: boolean;
  /** The earliest running SLA deadline, if any. */
  nextDueAt: Date | null;
  overdue: boolean;
  /** That deadline's stage and working days left (negative: late), verification included. */
  deadline: InboxDeadline | null;
  assignees: { id: string; name: string }[];
  labels: CaseLabel[];
}

export interface InboxQuery {
  status?: string;
  category?: string;
  opd?: string;
  channel?: string;
  /** An inspector's id, or `none` for cases nobody is assigned to yet. */
  assignee?: string;
  /** `newest` (default) or `oldest` first. */
  sort?: string;
  /** `yes`: only cases with an SLA deadline already passed. */
  overdue?: string;
  /** A label's id: only cases carrying it. */
  label?: string;
  /** A case number, as typed (`WBS-2026-00001`, `wbs 2026 1`): only that case. */
  number?: string;
  cursor?: string;
  limit?: number;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
}

export interface CaseDetail {
  id: string;
  /** When this staff member had last opened the case before now (null: first time). */
  previousReadAt: Date | null;
  number: string;
  status: CaseStatus;
  outcome: string | null;
  track: string | null;
  /** What the reporter was told when the case closed. */
  closingSummary: string | null;
  duplicateOf: string | null;
  /** The same case as people name it. */
  duplicateOfNumber: string | null;
  assignees: { id: string; name: string }[];
  notes: { id: string; authorName: string; body: string; at: Date }[];
  /** Only for a member whose identity request was approved. */
  identity: ReporterIdentity | null;
  identityRequests: IdentityRequestView[];
  /** Related cases, by number (their content needs their own access). */
  links: { id: string; number: string }[];
  labels: CaseLabel[];
  deadlines: CaseDeadline[];
  history: { from: string | null; to: string; outcome: string | null; by: string | null; reason: string | null; at: Date }[];
  categoryCode: string;
  opdCode: string | null;
  channel: string;
  anonymous: boolean;
  submittedAt: Date;
  /** Reports staff recorded (letter, phone, in person): received-on date and recorder. */
  offline: OfflineReceiptView | null;
  report: ReportContent;
  attachments: AttachmentSummary[];
  messages: MessageView[];
  timeline: { status: string; at: Date }[];
}

/** Keyset cursor: the last row's (submitted_at, id), opaque to clients. */
function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at);
  if (!id || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new ValidationFailed([{ field: 'cursor', message: 'cases.cursor_invalid' }]);
  }
  return { at: date, id };
}

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CaseAccess,
    private readonly store: CaseStore,
    private readonly files: AttachmentStore,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly identity: IdentityRequestsService,
    private readonly inspector: AttachmentInspector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sla: SlaService,
    private readonly labels: LabelsService,
    private readonly audit: AuditService,
    private readonly inboxRows: InboxRepository,
    private readonly cases: CasesRepository,
    private readonly assignments: CaseAssignmentsRepository,
    private readonly directory: StaffDirectory,
  ) {}

  /**
   * Newest first. Walks the cases index and looks each row's sealed key up by primary key, so a
   * page costs the same with a million cases. A case whose key was never sealed to this member
   * (they joined later) is listed without its title until a key holder grants it.
   */
  async inbox(me: StaffRef, q: InboxQuery): Promise<InboxPage> {
    this.access.assertMayReadContent(me);
    const limit = Math.min(Math.max(q.limit ?? 25, 1), 100);
    const errors: FieldError[] = [];
    if (q.status && !(CASE_STATUSES as readonly string[]).includes(q.status)) errors.push({ field: 'status', message: 'cases.status_invalid' });
    if (q.channel && !(CHANNELS as readonly string[]).includes(q.channel)) errors.push({ field: 'channel', message: 'cases.channel_invalid' });
    if (q.assignee && q.assignee !== 'none' && !/^[0-9a-f-]{36}$/i.test(q.assignee)) errors.push({ field: 'assignee', message: 'cases.inspector_invalid' });
    if (q.category && !/^[a-z][a-z0-9_]{1,39}$/.test(q.category)) errors.push({ field: 'category', message: 'report.category_unknown' });
    if (q.opd && !/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(q.opd)) errors.push({ field: 'opd', message: 'report.opd_unknown' });
    if (q.sort && q.sort !== 'newest' && q.sort !== 'oldest') errors.push({ field: 'sort', message: 'cases.sort_invalid' });
    if (q.overdue && q.overdue !== 'yes') errors.push({ field: 'overdue', message: 'cases.overdue_invalid' });
    if (q.label && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q.label)) errors.push({ field: 'label', message: 'labels.unknown' });
    const number = q.number ? parseCaseNumber(q.number) : null;
    if (q.number && !number) errors.push({ field: 'number', message: 'inbox.number_invalid' });
    if (errors.length) throw new ValidationFailed(errors);
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const oldestFirst = q.sort === 'oldest';
    const rows = await this.inboxRows.page({
      staffId: me.id,
      allCases: this.access.isSupervisor(me),
      limit: limit + 1,
      status: q.status,
      category: q.category,
      opd: q.opd,
      channel: q.channel,
      assignee: q.assignee,
      label: q.label,
      number,
      overdueAt: q.overdue === 'yes' ? this.clock.now() : null,
      oldestFirst,
      after,
    });
    const page = rows.slice(0, limit);
    const sealed = page.filter((r) => r.sealed);
    // The titles decrypted are reads of those cases (DESIGN.md §7), recorded before they happen:
    // one entry per page naming every case (25 rows per page view made the log the inbox's cost).
    if (sealed.length) {
      await this.audit.record(this.db.manager, { actor: { type: 'staff', id: me.id }, action: 'case.titles-decrypted', detail: { caseIds: sealed.map((r) => r.id) } });
    }
    const keys = this.access.unsealByRow(me, sealed);
    const now = this.clock.now();
    const cal = await this.sla.calendar();
    const items = page.map((r) => {
      const deadline = inboxDeadline(r.verification_due_at, r.investigation_due_at, now, cal);
      const key = keys.get(r.id);
      const title = key ? this.store.decryptTitle(r.id, key, r.title, r.report!) : null;
      key?.fill(0);
      return {
        id: r.id,
        number: r.number,
        title,
        categoryCode: r.category_code,
        opdCode: r.opd_code,
        status: r.status,
        channel: r.channel,
        anonymous: r.anonymous,
        submittedAt: r.submitted_at,
        receivedOn: r.received_on,
        lastReporterMessageAt: r.last_reporter_message_at,
        unread: r.last_reporter_message_at !== null && (r.read_at === null || r.last_reporter_message_at > r.read_at),
        nextDueAt: deadline?.dueAt ?? null,
        overdue: deadline?.overdue ?? false,
        deadline,
        assignees: r.assignees,
        labels: r.labels,
      };
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.submitted_at, last.id) : null };
  }

  /**
   * A case's id from its number (canonical, from parseCaseReference: an address like
   * /staff/cases/WBS-2026-00001) among the cases this member may list, like the inbox's search,
   * so a number tells no more than the inbox does; null when none.
   */
  async idOfNumber(me: StaffRef, number: string): Promise<string | null> {
    this.access.assertMayReadContent(me);
    return this.inboxRows.idOfNumber(me.id, this.access.isSupervisor(me), number);
  }

  async detail(me: StaffRef, caseId: string): Promise<CaseDetail> {
    const m = this.db.manager;
    const key = await this.access.contentKey(m, me, caseId);
    try {
      // Recorded once access is granted and before anything is decrypted: no read without its entry.
      await this.audit.record(m, { actor: { type: 'staff', id: me.id }, action: 'case.viewed', caseId });
      const row = await this.cases.record(m, caseId);
      if (!row) throw new CaseNotFound();
      // Opening the case reads it: remember when, for the unread markers; return the previous
      // time so the page can mark what is new.
      const previousReadAt = await this.cases.markRead(m, caseId, me.id, this.clock.now());
      const assigneeIds = await this.assignments.assigneeIds(m, caseId);
      const names = await this.directory.namesOf(assigneeIds, m);
      const assignees = assigneeIds.map((id) => ({ id, name: names.get(id) ?? '' }));
      return {
        previousReadAt,
        outcome: row.outcome,
        track: row.track,
        closingSummary: row.closingSummary ? this.store.openText(key, caseId, 'closing-summary', row.closingSummary) : null,
        duplicateOf: row.duplicateOf,
        duplicateOfNumber: row.duplicateOfNumber,
        assignees,
        notes: await this.store.notes(m, caseId, key),
        identity: await this.identity.identityFor(me, caseId),
        deadlines: await this.sla.deadlines(caseId, this.clock.now()),
        links: await this.cases.links(m, caseId),
        labels: await this.labels.ofCase(caseId),
        identityRequests: await this.identity.forCase(me, caseId),
        history: await this.store.history(m, caseId, key),
        id: row.id,
        number: row.number,
        status: row.status,
        categoryCode: row.categoryCode,
        opdCode: row.opdCode,
        channel: row.channel,
        anonymous: row.anonymous,
        submittedAt: row.submittedAt,
        offline: await this.store.offlineReceipt(m, caseId),
        report: await this.store.readReport(m, caseId, key),
        attachments: await this.store.reportAttachments(m, caseId, key),
        messages: await this.store.messages(m, caseId, key),
        timeline: await this.store.timeline(m, caseId),
      };
    } finally {
      key.fill(0);
    }
  }

  /** A message to the reporter, shown to them as from "Inspektorat", never a staff name. */
  /**
   * With a `sendToken` (the page's confirm step) a second send of the same token sends nothing
   * and answers with the first message.
   */
  async sendToReporter(me: StaffRef, caseId: string, bodyInput: unknown, uploads: Upload[] = [], sendToken: string | null = null): Promise<{ id: string }> {
    const body = messageText(bodyInput, 'cases.message_required');
    // Files staff send are cleaned like the reporter's: a photo could locate an inspector too.
    const files: AttachmentInput[] = (await this.inspector.inspectAll(uploads, { stripMetadata: true, limits: this.config.attachments })).map((f) => ({
      filename: f.filename,
      mimeType: f.mimeType,
      source: f.source,
      sha256: f.sha256,
      metadataRemoved: f.metadataRemoved,
    }));
    return this.db
      .transaction(async (m) => {
        const key = await this.access.contentKey(m, me, caseId);
        try {
          const earlier = sendToken ? await this.store.messageSentWith(m, caseId, sendToken) : null;
          if (earlier) return { id: earlier };
          const at = this.clock.now();
          const id = await this.store.addMessage(m, caseId, key, { from: 'inspectorate', staffId: me.id, body, attachments: files, at, sendToken });
          await this.sla.feedbackGiven(m, caseId, at);
          await this.events.publish(m, new ReporterMessageSent({ caseId, messageId: id, staffId: me.id }));
          return { id };
        } finally {
          key.fill(0);
        }
      })
      .finally(() => disposeAll(files.map((f) => f.source)));
  }

  /** Links two related cases (both ways); supervisors only. */
  async link(me: StaffRef, caseId: string, otherInput: unknown): Promise<void> {
    this.access.assertSupervisor(me);
    // Named by its number, as people know it (or by its id, as API clients did before).
    const ref = parseCaseReference(otherInput);
    if (!ref) throw new ValidationFailed([{ field: 'caseId', message: 'cases.link_invalid' }]);
    await this.db.transaction(async (m) => {
      if (!(await this.cases.exists(m, caseId))) throw new CaseNotFound();
      const other = await this.store.findIdByReference(m, ref);
      if (!other) throw new ValidationFailed([{ field: 'caseId', message: 'cases.duplicate_of_unknown' }]);
      if (other === caseId) throw new ValidationFailed([{ field: 'caseId', message: 'cases.link_invalid' }]);
      const [a, b] = [caseId, other].sort();
      if (!(await this.cases.link(m, a, b, me.id, this.clock.now()))) throw new Conflict('cases.already_linked');
      await this.events.publish(m, new CasesLinked({ caseId: a, otherCaseId: b, linkedBy: me.id }));
    });
  }

  /**
   * Cases per status for the inbox header. Counting a million rows costs more than a page, so a
   * supervisor sees counts at most COUNTS_TTL_MS old (inspectors count their own few cases).
   */
  async countsByStatus(me: StaffRef): Promise<Record<string, number>> {
    this.access.assertMayReadContent(me);
    const supervisor = this.access.isSupervisor(me);
    if (supervisor && this.counts && Date.now() - this.counts.at < CasesService.COUNTS_TTL_MS) return this.counts.values;
    const rows = await this.cases.countByStatus(supervisor ? null : me.id);
    const values = Object.fromEntries(CASE_STATUSES.map((st) => [st, rows.find((r) => r.status === st)?.n ?? 0]));
    if (supervisor) this.counts = { at: Date.now(), values };
    return values;
  }

  static readonly COUNTS_TTL_MS = 15_000;
  private counts: { at: number; values: Record<string, number> } | null = null;

  /**
   * Reports that reached the public channels (web form and API) per hour, from `from` up to
   * `to`, keyed by the hour's start (epoch ms); hours without reports are absent. For the
   * alert on a surge of submissions (src/alerts), which is the system's own look, so no member
   * and no access check: it reads counts only. Reports staff record from other channels (a
   * pile of letters typed in one afternoon) are not the public's activity and are left out.
   */
  async submissionsByHour(from: Date, to: Date): Promise<Map<number, number>> {
    return this.cases.publicSubmissionsByHour(from, to);
  }

  /** An internal note: supervisors and the assigned inspectors see it, the reporter never. */
  async addNote(me: StaffRef, caseId: string, bodyInput: unknown): Promise<{ id: string }> {
    const body = messageText(bodyInput, 'cases.note_required');
    return this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        const id = await this.store.addNote(m, caseId, key, { staffId: me.id, body, at: this.clock.now() });
        await this.events.publish(m, new NoteAdded({ caseId, noteId: id, staffId: me.id }));
        return { id };
      } finally {
        key.fill(0);
      }
    });
  }

  async openAttachment(me: StaffRef, caseId: string, attachmentId: string) {
    const key = await this.access.contentKey(this.db.manager, me, caseId);
    try {
      await this.audit.record(this.db.manager, { actor: { type: 'staff', id: me.id }, action: 'attachment.downloaded', caseId, detail: { attachmentId } });
      return await this.files.open(this.db.manager, caseId, attachmentId, key);
    } finally {
      key.fill(0);
    }
  }
}
