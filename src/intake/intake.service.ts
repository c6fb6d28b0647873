import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '../audit';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseStore } from '../cases';
import { IntakeClosed } from '../cases';
import { IdentityRequestsService } from '../cases';
import type { AttachmentInput, Channel, MessageView } from '../cases';
import { CatalogService } from '../catalog';
import { QuestionsService } from '../catalog';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock/clock';
import { CryptoService, formatReceipt, normaliseReceipt } from '../platform/crypto';
import { EventPublisher } from '../platform/events';
import { FieldError, FieldErrors, ValidationFailed } from '../platform/http/domain-error';
import { AttachmentInspector, disposeAll } from '../platform/uploads/attachments';
import { ReporterMessageAdded, ReportSubmitted } from './events/intake-events';
import type { StaffRef } from '../staff';
import { FeedbackAlreadyGiven, FeedbackNotOpen, IdempotencyKeyReused, ReceiptInvalid, ReporterSessionExpired, SubmissionTokenUnknown } from './intake.errors';
import { ReporterFeedbackRepository } from './reporter-feedback.repository';
import { parseFeedback } from './reporter-feedback';
import { RawReport, ReportForm as ValidReport, validateReport } from './report-form';
import { OfflineReceipt, validateOfflineReceipt } from './offline-receipt';
import { deriveIdempotencyKeys, IdempotencyKeys, requestFingerprint } from './idempotency-key';
import { SubmissionKeyRow, SubmissionKeysRepository } from './submission-keys.repository';
import { DEPLOYMENT_SECRETS } from '../platform/platform.tokens';
import type { DeploymentSecrets } from '../platform/crypto';

export const REPORTER_MESSAGE_MAX = 10_000;

import type { UploadedFile as Upload, NotCleanedReason } from '../platform/uploads/attachments';

/** How long an Idempotency-Key answers with its first receipt. */
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/**
 * How long the report form's submission token answers with its receipt: long enough for a reload
 * or a resend over a bad connection, short enough that a shared phone's back button soon stops
 * showing it (docs/decisions.md, "The report form's submission token").
 */
export const FORM_TOKEN_TTL_MS = 30 * 60_000;
const SUBMISSION_KEY_AD = 'submission-key-receipt';
const FEEDBACK_PURPOSE = 'reporter-feedback';

/** Another request with the same Idempotency-Key committed first. */
class SubmissionRaced extends Error {}

interface InspectedUpload {
  stored: AttachmentInput;
  mayCarryMetadata: boolean;
  notCleaned: NotCleanedReason | null;
}

export interface Receipt {
  receipt: string;
  /** The case number (clear metadata), shown beside the receipt. */
  number?: string;
  submittedAt: Date;
  /** Set when an Idempotency-Key found an earlier submission: nothing new was filed. */
  repeated?: boolean;
  /** Files whose metadata the reporter should know may remain (documents, kept images). */
  mayCarryMetadata: string[];
  /** Documents the reporter asked to clean that had to be stored as sent, and why. */
  notCleaned: { filename: string; reason: NotCleanedReason }[];
}

export interface ReporterSession {
  token: string;
  expiresAt: Date;
}

export interface ReporterCaseView {
  status: string;
  /** Set when closed, with what the inspectorate chose to tell the reporter. */
  outcome: string | null;
  closingSummary: string | null;
  /** When a custodian approved revealing the reporter's identity to an investigator. */
  identityDisclosedAt: Date[];
  categoryCode: string;
  submittedAt: Date;
  timeline: { status: string; at: Date }[];
  messages: (MessageView & { isNew: boolean })[];
  attachments: { id: string; filename: string; size: number; createdAt: Date }[];
  /** The reporter's rating of a closed case; `canGive` while none was given. */
  feedback: { canGive: boolean; given: { rating: number; comment: string | null; at: Date } | null };
}

/** Thrown with the raw input so the form can be shown again as the reporter filled it. */
export class ReportRejected extends ValidationFailed {
  constructor(
    errors: FieldError[],
    readonly raw: RawReport,
  ) {
    super(errors);
  }
}

/**
 * The reporter's side: submitting, and coming back with the receipt. The receipt is never
 * stored; a reporter session holds the case content key wrapped under a key that only the
 * reporter's cookie (or bearer token) carries.
 */
@Injectable()
export class IntakeService {
  private readonly log = new Logger(IntakeService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseStore,
    private readonly identity: IdentityRequestsService,
    private readonly catalog: CatalogService,
    private readonly inspector: AttachmentInspector,
    private readonly crypto: CryptoService,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly submissionKeys: SubmissionKeysRepository,
    private readonly feedback: ReporterFeedbackRepository,
    @Inject(DEPLOYMENT_SECRETS) private readonly secrets: DeploymentSecrets,
    private readonly questions: QuestionsService,
  ) {}

  isOpen(): Promise<boolean> {
    return this.cases.isIntakeOpen();
  }

  /**
   * Files a report. `recordedBy`: the staff member taking an offline report (letter, phone, in
   * person), named in its audit entry and on the case; such a report also carries the date it was
   * received (the SLA starts then) and, for a letter, the letter's number and date. With an `idempotencyKey` (the API's Idempotency-Key) a retry within a day
   * files nothing and gets the first receipt back; two retries racing each other are decided by
   * the key's primary key inside the submission's transaction.
   */
  async submit(input: Record<string, unknown>, uploads: Upload[], channel: Channel, recordedBy?: StaffRef, idempotencyKey?: string | null): Promise<Receipt> {
    const now = this.clock.now();
    const idem = idempotencyKey ? this.submissionKeysFor(idempotencyKey, channel) : null;
    const fingerprint = idem ? requestFingerprint(idem.sealKey, input) : null;
    if (idem) {
      const earlier = await this.earlierReceipt(idem, fingerprint!, now);
      if (earlier) return earlier;
    }
    const today = this.localDate(now);
    const { form, raw, errors: formErrors } = validateReport(input, today);
    const errors = new FieldErrors().addAll(formErrors);
    const offline = recordedBy ? validateOfflineReceipt(raw, channel, today) : null;
    if (offline) errors.addAll(offline.errors);
    const categoryCode = typeof input.category === 'string' ? input.category.trim() : '';
    const opdCode = typeof input.opd === 'string' ? input.opd.trim() : '';
    let knownCategory = false;
    if (categoryCode || opdCode) {
      const known = await this.catalog.checkCodes(categoryCode, opdCode || null);
      knownCategory = Boolean(categoryCode) && known.category;
      // A missing category already has its "required" error.
      if (categoryCode && !known.category) errors.add('category', 'report.category_unknown');
      if (!known.opd) errors.add('opd', 'report.opd_unknown');
    }
    // The category's extra questions; an unknown category asks none (its own error says why).
    const checked = await this.questions.checkAnswers(knownCategory ? categoryCode : '', input);
    errors.addAll(checked.errors);
    if (form && checked.answers.length) form.report.answers = checked.answers;
    if (errors.any || !form) {
      // A closed channel is the first thing to tell; a valid report finds out inside file().
      if (!(await this.isOpen())) throw new IntakeClosed();
      throw new ReportRejected(errors.list(), raw);
    }

    const files = await this.inspect(uploads, form.stripMetadata);
    let filed;
    try {
      filed = await this.file(form, files, channel, now, recordedBy, offline?.receipt ?? null, idem && { ...idem, fingerprint: fingerprint! });
    } catch (e) {
      if (!(e instanceof SubmissionRaced)) throw e;
      return (await this.earlierReceipt(idem!, fingerprint!, now))!;
    }
    this.log.log(`report ${filed.caseId} received via ${channel}`);
    return {
      receipt: formatReceipt(filed.receipt),
      number: filed.number,
      submittedAt: filed.submittedAt,
      mayCarryMetadata: files.filter((f) => f.mayCarryMetadata).map((f) => f.stored.filename),
      notCleaned: files.flatMap((f) => (f.notCleaned ? [{ filename: f.stored.filename, reason: f.notCleaned }] : [])),
    };
  }

  /** The case, its event and (with a key) the key's record: one transaction. */
  private file(
    form: ValidReport,
    files: InspectedUpload[],
    channel: Channel,
    now: Date,
    recordedBy: StaffRef | undefined,
    offline: OfflineReceipt | null,
    idem: (IdempotencyKeys & { fingerprint: Buffer }) | null,
  ) {
    return this.db
      .transaction(async (m) => {
        const result = await this.cases.file(m, {
          categoryCode: form.categoryCode,
          opdCode: form.opdCode,
          channel,
          report: offline?.letter ? { ...form.report, letter: offline.letter } : form.report,
          identity: form.identity,
          attachments: files.map((f) => f.stored),
          at: now,
          ...(offline ? { receivedOn: offline.receivedOn, recordedBy: recordedBy!.id } : {}),
        });
        await this.events.publish(
          m,
          new ReportSubmitted({
            caseId: result.caseId,
            number: result.number,
            categoryCode: form.categoryCode,
            opdCode: form.opdCode,
            channel,
            anonymous: form.identity === null,
            attachmentCount: files.length,
            submittedAt: now.toISOString(),
            ...(recordedBy ? { recordedBy: recordedBy.id } : {}),
            ...(offline ? { receivedOn: offline.receivedOn } : {}),
          }),
        );
        if (idem) {
          // "<receipt> <case number>": the number is clear metadata, kept beside it for the receipt page.
          const receiptSealed = this.crypto.encrypt(idem.sealKey, Buffer.from(`${formatReceipt(result.receipt)} ${result.number}`, 'ascii'), SUBMISSION_KEY_AD);
          const ttl = channel === 'web' ? FORM_TOKEN_TTL_MS : IDEMPOTENCY_TTL_MS;
          const recorded = await this.submissionKeys.record(m, idem.lookup, { requestHash: idem.fingerprint, receiptSealed, submittedAt: now }, new Date(now.getTime() + ttl));
          if (!recorded) throw new SubmissionRaced();
        }
        return result;
      })
      .finally(() => disposeAll(files.map((f) => f.stored.source)));
  }

  /** The receipt of an earlier submission with this key, or null; another report's key is refused. */
  private async earlierReceipt(idem: IdempotencyKeys, fingerprint: Buffer, now: Date): Promise<Receipt | null> {
    const row = await this.submissionKeys.find(this.db.manager, idem.lookup, now);
    if (!row) return null;
    if (!row.requestHash.equals(fingerprint)) throw new IdempotencyKeyReused();
    return this.openSubmissionRow(idem, row);
  }

  /**
   * The receipt filed with the report form's submission token, for the receipt download: only
   * the browser whose page holds the token can ask, and only while the token lives.
   */
  async receiptForFormToken(token: string): Promise<Receipt> {
    const idem = this.submissionKeysFor(token, 'web');
    const row = await this.submissionKeys.find(this.db.manager, idem.lookup, this.clock.now());
    if (!row) throw new SubmissionTokenUnknown();
    return this.openSubmissionRow(idem, row);
  }

  /** The form's tokens live in their own key space, apart from the API's Idempotency-Keys. */
  private submissionKeysFor(key: string, channel: Channel): IdempotencyKeys {
    return deriveIdempotencyKeys(channel === 'web' ? `form:${key}` : key, this.secrets.receiptSecret);
  }

  private openSubmissionRow(idem: IdempotencyKeys, row: SubmissionKeyRow): Receipt {
    const [receipt, number] = this.crypto.decrypt(idem.sealKey, row.receiptSealed, SUBMISSION_KEY_AD).toString('ascii').split(' ');
    return { receipt, ...(number ? { number } : {}), submittedAt: row.submittedAt, mayCarryMetadata: [], notCleaned: [], repeated: true };
  }

  /** Receipt in, short-lived session out. Every failure looks the same. */
  async openSession(receiptInput: unknown): Promise<ReporterSession> {
    const receipt = normaliseReceipt(receiptInput);
    if (!receipt) throw new ReceiptInvalid();
    const opened = await this.cases.openWithReceipt(this.db.manager, receipt);
    if (!opened) {
      // Nothing about who tried: no address, no receipt, no case.
      await this.audit.recordApart({ actor: { type: 'reporter' }, action: 'reporter.sign-in-failed' });
      throw new ReceiptInvalid();
    }
    const id = randomUUID();
    const sessionKey = this.crypto.randomKey();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.reporterSessionMinutes * 60_000);
    await this.db.transaction(async (m) => {
      await m.query(`INSERT INTO reporter_sessions (id, case_id, content_key_wrapped, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        opened.caseId,
        this.crypto.encrypt(sessionKey, opened.contentKey, `reporter-session:${id}`),
        now,
        expiresAt,
      ]);
      await this.audit.record(m, { actor: { type: 'reporter' }, action: 'reporter.signed-in', caseId: opened.caseId });
    });
    this.crypto.wipe(opened.contentKey);
    return { token: `${id}.${sessionKey.toString('base64url')}`, expiresAt };
  }

  async view(token: unknown): Promise<ReporterCaseView> {
    const s = await this.resolve(token);
    try {
      const m = this.db.manager;
      await this.audit.record(m, { actor: { type: 'reporter' }, action: 'reporter.case-viewed', caseId: s.caseId });
      // Reading the page reads the messages: the previous time marks which replies are new.
      const [c]: { status: string; outcome: string | null; closing_summary: Buffer | null; category_code: string; submitted_at: Date; previous: Date | null }[] = await m.query(
        `WITH old AS (SELECT reporter_read_at FROM cases WHERE id = $1),
              upd AS (UPDATE cases SET reporter_read_at = $2 WHERE id = $1)
         SELECT status, outcome, closing_summary, category_code, submitted_at, (SELECT reporter_read_at FROM old) AS previous FROM cases WHERE id = $1`,
        [s.caseId, this.clock.now()],
      );
      const messages = (await this.cases.messages(m, s.caseId, s.contentKey)).map((msg) => ({
        ...msg,
        isNew: msg.from === 'inspectorate' && (!c.previous || msg.at > c.previous),
      }));
      const files = await this.cases.reportAttachments(m, s.caseId, s.contentKey);
      const rated = await this.feedback.findForCase(m, s.caseId);
      return {
        status: c.status,
        outcome: c.outcome,
        closingSummary: c.closing_summary ? this.cases.openText(s.contentKey, s.caseId, 'closing-summary', c.closing_summary) : null,
        categoryCode: c.category_code,
        submittedAt: c.submitted_at,
        timeline: await this.cases.timeline(m, s.caseId),
        identityDisclosedAt: await this.identity.disclosures(s.caseId),
        messages,
        attachments: files.map((f) => ({ id: f.id, filename: f.filename, size: f.size, createdAt: f.createdAt })),
        feedback: {
          canGive: c.status === 'closed' && !rated,
          given: rated && {
            rating: rated.rating,
            comment: rated.commentSealed ? this.cases.openText(s.contentKey, s.caseId, FEEDBACK_PURPOSE, rated.commentSealed) : null,
            at: rated.givenAt,
          },
        },
      };
    } finally {
      this.crypto.wipe(s.contentKey);
    }
  }

  /** A file of the reporter's own case (theirs or one the inspectorate sent), decrypted on the fly. */
  async openAttachment(token: unknown, attachmentId: string) {
    const s = await this.resolve(token);
    try {
      await this.audit.record(this.db.manager, { actor: { type: 'reporter' }, action: 'reporter.attachment-downloaded', caseId: s.caseId, detail: { attachmentId } });
      return await this.cases.openAttachment(this.db.manager, s.caseId, attachmentId, s.contentKey);
    } finally {
      this.crypto.wipe(s.contentKey);
    }
  }

  async addMessage(token: unknown, bodyInput: unknown, uploads: Upload[], stripMetadata = true): Promise<{ id: string }> {
    const s = await this.resolve(token);
    try {
      const body = typeof bodyInput === 'string' ? bodyInput.replace(/\r\n/g, '\n').trim() : '';
      if (!body && uploads.length === 0) throw new ValidationFailed([{ field: 'body', message: 'track.message_required' }]);
      if (body.length > REPORTER_MESSAGE_MAX) throw new ValidationFailed([{ field: 'body', message: 'report.too_long', params: { max: REPORTER_MESSAGE_MAX } }]);
      const files = await this.inspect(uploads, stripMetadata);
      return await this.db
        .transaction(async (m) => {
          const id = await this.cases.addMessage(m, s.caseId, s.contentKey, {
            from: 'reporter',
            staffId: null,
            body,
            attachments: files.map((f) => f.stored),
            at: this.clock.now(),
          });
          await this.events.publish(m, new ReporterMessageAdded({ caseId: s.caseId, messageId: id, attachmentCount: files.length }));
          return { id };
        })
        .finally(() => disposeAll(files.map((f) => f.stored.source)));
    } finally {
      this.crypto.wipe(s.contentKey);
    }
  }

  /**
   * The reporter's optional rating of a closed case, once: the rating in clear for the statistics,
   * the comment sealed with the case content key. Audited without either.
   */
  async giveFeedback(token: unknown, ratingInput: unknown, commentInput: unknown): Promise<{ rating: number; at: Date }> {
    const s = await this.resolve(token);
    try {
      const input = parseFeedback(ratingInput, commentInput);
      const at = this.clock.now();
      await this.db.transaction(async (m) => {
        // Locked, so a closing reopened at this moment cannot slip a rating past the check.
        const [c]: { status: string }[] = await m.query(`SELECT status FROM cases WHERE id = $1 FOR SHARE`, [s.caseId]);
        if (c.status !== 'closed') throw new FeedbackNotOpen();
        const commentSealed = input.comment === null ? null : this.cases.sealText(s.contentKey, s.caseId, FEEDBACK_PURPOSE, input.comment);
        if (!(await this.feedback.recordOnce(m, s.caseId, { rating: input.rating, commentSealed, givenAt: at }))) throw new FeedbackAlreadyGiven();
        await this.audit.record(m, { actor: { type: 'reporter' }, action: 'reporter.feedback-given', caseId: s.caseId });
      });
      return { rating: input.rating, at };
    } finally {
      this.crypto.wipe(s.contentKey);
    }
  }

  async closeSession(token: unknown): Promise<void> {
    const parsed = parseToken(token);
    if (parsed) await this.db.query(`UPDATE reporter_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, [parsed.id, this.clock.now()]);
  }

  private async resolve(token: unknown): Promise<{ caseId: string; contentKey: Buffer }> {
    const parsed = parseToken(token);
    if (!parsed) throw new ReporterSessionExpired();
    const [row]: { case_id: string; content_key_wrapped: Buffer; expires_at: Date; ended_at: Date | null }[] = await this.db.query(
      `SELECT case_id, content_key_wrapped, expires_at, ended_at FROM reporter_sessions WHERE id = $1`,
      [parsed.id],
    );
    if (!row || row.ended_at || row.expires_at <= this.clock.now()) throw new ReporterSessionExpired();
    try {
      return { caseId: row.case_id, contentKey: this.crypto.decrypt(parsed.key, row.content_key_wrapped, `reporter-session:${parsed.id}`) };
    } catch {
      throw new ReporterSessionExpired(); // a forged key looks like an expired session
    }
  }

  /** The checked (and cleaned) files, as the case store takes them; their spool files are the caller's to free. */
  private async inspect(uploads: Upload[], stripMetadata: boolean): Promise<InspectedUpload[]> {
    const inspected = await this.inspector.inspectAll(uploads, { stripMetadata, limits: this.config.attachments });
    return inspected.map((f): InspectedUpload => ({
      stored: { filename: f.filename, mimeType: f.mimeType, source: f.source, sha256: f.sha256, metadataRemoved: f.metadataRemoved },
      mayCarryMetadata: f.mayCarryMetadata,
      notCleaned: f.notCleaned,
    }));
  }

  /** Today's local date (YYYY-MM-DD): the offline form's default received-on date. */
  today(): string {
    return this.localDate(this.clock.now());
  }

  /** Today's date where the inspectorate is, for "not in the future" checks. */
  private localDate(now: Date): string {
    // Built once: constructing an Intl formatter per submission showed up in profiles.
    this.dateFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: this.config.tzName });
    return this.dateFormat.format(now);
  }

  private dateFormat?: Intl.DateTimeFormat;
}

function parseToken(token: unknown): { id: string; key: Buffer } | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  return { id: m[1], key: Buffer.from(m[2], 'base64url') };
}
