import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { CatalogService } from '../../catalog';
import { Clock } from '../../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { ValidationFailed } from '../../platform/http/domain-error';
import type { Lang } from '../../platform/i18n/i18n';
import type { StaffRef } from '../../staff';
import { AssignmentService } from '../assignment.service';
import { CaseAccess } from '../case-access.service';
import { IdentityRequestsService } from '../identity-requests.service';
import { CaseConversationRepository } from '../case-conversation.repository';
import { IdentityRequestsRepository } from '../identity-requests.repository';
import { CaseDetail, CasesService } from '../cases.service';
import { BrandingService } from '../../branding';
import { CasePdfData, CasePdfEvidence, CasePdfReporter, renderCasePdf } from './case-pdf';

/** What the export form offers: the notes to choose from, and what happens to the identity. */
export interface CaseExportForm {
  caseId: string;
  number: string;
  notes: { id: string; authorName: string; at: Date; excerpt: string }[];
  identity: CasePdfReporter['kind'];
}

export interface CaseExportFile {
  filename: string;
  pdf: Buffer;
  /** SHA-256 of the whole PDF, as recorded in the audit log. */
  sha256: string;
  pages: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NOTES = 1000;
const EXCERPT_WORDS = 12;

/**
 * A case file for referral to law enforcement (APH) or another body (issue 5): supervisors only,
 * from the same decrypting read as the case page (`CasesService.detail`, itself audited as a
 * view), with the internal notes the supervisor chose and the reporter's identity only where it
 * was revealed to them through an approved request. The PDF's own SHA-256 is recorded in the
 * audit log before the file leaves, so any copy can later be matched to its export.
 */
@Injectable()
export class CaseExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CaseAccess,
    private readonly cases: CasesService,
    private readonly catalog: CatalogService,
    private readonly branding: BrandingService,
    private readonly assignments: AssignmentService,
    private readonly identityRequests: IdentityRequestsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly conversation: CaseConversationRepository,
    private readonly requests: IdentityRequestsRepository,
  ) {}

  async form(me: StaffRef, caseId: string): Promise<CaseExportForm> {
    this.access.assertSupervisor(me);
    const c = await this.cases.detail(me, caseId);
    return {
      caseId: c.id,
      number: c.number,
      notes: c.notes.map((n) => ({ id: n.id, authorName: n.authorName, at: n.at, excerpt: excerpt(n.body) })),
      identity: (await this.reporter(me, c)).kind,
    };
  }

  /** `noteIds`: the notes to include (none by default); an id not of this case is refused. */
  async export(me: StaffRef, caseId: string, noteIdsInput: unknown, lang: Lang): Promise<CaseExportFile> {
    this.access.assertSupervisor(me);
    const m = this.db.manager;
    // Unknown case (404) and a case whose key this supervisor lacks (403) before the input is
    // looked at, and all of it before anything is decrypted or recorded.
    (await this.access.contentKey(m, me, caseId)).fill(0);
    const noteIds = await this.chosenNotes(m, caseId, noteIdsInput);
    const c = await this.cases.detail(me, caseId);
    const reporter = await this.reporter(me, c);
    const exportedAt = this.clock.now();
    const { pdf, pages } = await renderCasePdf(await this.document(c, { me, lang, reporter, noteIds, exportedAt }));
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await this.audit.record(m, {
      actor: { type: 'staff', id: me.id },
      action: 'case.exported',
      caseId,
      at: exportedAt,
      detail: { sha256, bytes: pdf.length, pages, notes: noteIds.size, identity: reporter.kind === 'disclosed' },
    });
    return { filename: `${c.number}.pdf`, pdf, sha256, pages };
  }

  private async chosenNotes(m: EntityManager, caseId: string, input: unknown): Promise<Set<string>> {
    const list = input === undefined || input === null || input === '' ? [] : Array.isArray(input) ? input : [input];
    const unknown = () => new ValidationFailed([{ field: 'notes', message: 'cases.export_note_unknown' }]);
    if (list.length > MAX_NOTES || !list.every((id): id is string => typeof id === 'string' && UUID.test(id))) throw unknown();
    const ids = new Set(list.map((id) => id.toLowerCase()));
    if (!ids.size) return ids;
    if ((await this.conversation.countNotesOf(m, caseId, [...ids])) !== ids.size) throw unknown();
    return ids;
  }

  /**
   * The identity goes into the document only when it was disclosed to this supervisor under an
   * approved identity request and they hold the identity key (which `detail` used to decrypt
   * it). A custodian's own copy of the key is for deciding requests, not for referrals.
   */
  private async reporter(me: StaffRef, c: CaseDetail): Promise<CasePdfReporter> {
    if (c.anonymous) return { kind: 'anonymous' };
    if (!c.identity) return { kind: 'withheld' };
    return (await this.requests.hasApproved(c.id, me.id)) ? { kind: 'disclosed', identity: c.identity } : { kind: 'withheld' };
  }

  private async document(c: CaseDetail, o: { me: StaffRef; lang: Lang; reporter: CasePdfReporter; noteIds: Set<string>; exportedAt: Date }): Promise<CasePdfData> {
    // Report files first, then each message's, in the order they arrived.
    const evidence: CasePdfEvidence[] = [];
    const add = (f: CaseDetail['attachments'][number], source: CasePdfEvidence['source']) => {
      const ref = evidence.length + 1;
      evidence.push({ ref, filename: f.filename, mimeType: f.mimeType, size: f.size, sha256: f.sha256, source, at: f.createdAt, metadataRemoved: f.metadataRemoved });
      return ref;
    };
    c.attachments.forEach((f) => add(f, 'report'));
    const messages = c.messages.map((msg) => ({
      from: msg.from,
      at: msg.at,
      body: msg.body,
      evidenceRefs: msg.attachments.map((f) => add(f, msg.from)),
    }));
    const closed = c.status === 'closed' ? c.timeline.filter((s) => s.status === 'closed').at(-1) : undefined;
    return {
      lang: o.lang,
      timeZone: this.config.tzName,
      organisation: (await this.branding.current())[o.lang].org_name,
      exportedAt: o.exportedAt,
      exportedBy: { name: o.me.name, email: o.me.email },
      number: c.number,
      categoryName: (await this.catalog.categoryName(c.categoryCode, o.lang)) ?? c.categoryCode,
      opdName: c.opdCode ? ((await this.catalog.opdName(c.opdCode)) ?? c.opdCode) : null,
      channel: c.channel,
      status: c.status,
      outcome: c.outcome,
      track: c.track,
      closingSummary: c.closingSummary,
      submittedAt: c.submittedAt,
      closedAt: closed?.at ?? null,
      report: c.report,
      reporter: o.reporter,
      evidence,
      messages,
      notes: c.notes.filter((n) => o.noteIds.has(n.id.toLowerCase())).map((n) => ({ authorName: n.authorName, at: n.at, body: n.body })),
      history: c.history,
      assignments: await this.assignments.steps(o.me, c.id),
      identityRequests: await this.identityRequests.requestHistory(c.id),
    };
  }
}

/** The first words of a note, for the checkbox beside it. */
function excerpt(body: string): string {
  const words = body.trim().split(/\s+/);
  return words.length > EXCERPT_WORDS ? `${words.slice(0, EXCERPT_WORDS).join(' ')} …` : words.join(' ');
}
