import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CryptoService, generateReceipt, receiptLookup, reporterKey } from '../platform/crypto';
import type { DeploymentSecrets } from '../platform/crypto';
import { Inject } from '@nestjs/common';
import { DEPLOYMENT_SECRETS } from '../platform/platform.tokens';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { preparedQuery } from '../platform/database/prepared-query';
import { Role } from '../staff';
import { StaffService } from '../staff';
import { AttachmentStore } from './attachment-store';
import type { AttachmentInput, Channel, MessageView, ReportContent, ReporterIdentity } from './case.types';
import { IntakeClosed } from './cases.errors';
import { SlaService } from './sla/sla.service';
import type { CaseReference } from './case-reference';
import { receivedAt } from './sla/working-days';

export interface NewCase {
  categoryCode: string;
  opdCode: string | null;
  channel: Channel;
  report: ReportContent;
  identity: ReporterIdentity | null;
  attachments: AttachmentInput[];
  at: Date;
  /** Offline reports: the local date received (YYYY-MM-DD); the SLA clocks start then, not at `at`. */
  receivedOn?: string;
  /** Offline reports: the staff member who recorded it. */
  recordedBy?: string;
}

export interface OfflineReceiptView {
  /** Local date (YYYY-MM-DD) the inspectorate received the report. */
  receivedOn: string;
  /** Name of the staff member who recorded it (null if their account is gone). */
  recordedBy: string | null;
}

export interface FiledCase {
  caseId: string;
  number: string;
  receipt: string;
  submittedAt: Date;
}

/**
 * Writes and reads the encrypted parts of a case. Every key handling rule of DESIGN.md §4 lives
 * here: Kc sealed to every supervisor, Ki to every custodian, both wrapped for the reporter under
 * a key derived from the receipt, which is itself stored only as a keyed hash.
 */
@Injectable()
export class CaseStore {
  constructor(
    private readonly crypto: CryptoService,
    private readonly staff: StaffService,
    private readonly attachments: AttachmentStore,
    @Inject(DEPLOYMENT_SECRETS) private readonly secrets: DeploymentSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sla: SlaService,
  ) {}

  async isIntakeOpen(manager?: EntityManager): Promise<boolean> {
    const holders = await this.staff.keyHolders([Role.Supervisor, Role.Custodian], manager);
    return holders.get(Role.Supervisor)!.length > 0 && holders.get(Role.Custodian)!.length > 0;
  }

  /** Creates the case inside the caller's transaction (so its event commits with it). */
  async file(manager: EntityManager, input: NewCase): Promise<FiledCase> {
    // Through the transaction's own connection (see StaffService.keyHolders).
    const holders = await this.staff.keyHolders([Role.Supervisor, Role.Custodian], manager);
    const supervisors = holders.get(Role.Supervisor)!;
    const custodians = holders.get(Role.Custodian)!;
    if (!supervisors.length || !custodians.length) throw new IntakeClosed();

    const id = randomUUID();
    const receipt = generateReceipt();
    const salt = randomBytes(32);
    const reporterKeyBytes = reporterKey(receipt, salt);
    const contentKey = this.crypto.randomKey();
    const identityKey = input.identity ? this.crypto.randomKey() : null;
    // The verification and reporter-feedback clocks start with the case (DESIGN.md §6), in the same statement.
    // A letter typed in days after it arrived is as late as the day it arrived (issue 15).
    const clockStart = input.receivedOn ? receivedAt(input.receivedOn, input.at, this.config.tzName) : input.at;
    const clocks = await this.sla.filingDeadlines(manager, input.categoryCode, clockStart);
    const keyRows = [
      ...supervisors.map((s) => ({ staffId: s.id, kind: 'content', sealed: this.crypto.seal(contentKey, s.publicKey) })),
      ...(identityKey ? custodians.map((c) => ({ staffId: c.id, kind: 'identity', sealed: this.crypto.seal(identityKey, c.publicKey) })) : []),
    ];
    // One statement for the case, its sealed keys and its first status: intake's cost is round
    // trips to PostgreSQL. Foreign keys are checked at the end of the statement, so the keys may
    // reference the case inserted beside them. Numbers grow past five digits rather than wrap.
    const [{ number }] = await preparedQuery<{ number: string }>(
      manager,
      'wbs_case_file',
      `WITH c AS (
         INSERT INTO cases (id, number, receipt_lookup, reporter_salt, reporter_content_key, reporter_identity_key,
           category_code, opd_code, channel, anonymous, status, report, identity, submitted_at, updated_at, title, received_on, recorded_by)
         SELECT $1, 'WBS-' || $13 || '-' || lpad(s.n::text, greatest(5, length(s.n::text)), '0'), $2, $3, $4, $5,
           $6, $7, $8, $9, 'received', $10, $11, $12, $12, $17, $23::date, $24::uuid
           FROM (SELECT nextval('case_number_seq') AS n) s
         RETURNING number
       ), k AS (
         INSERT INTO case_keys (case_id, granted_at, staff_id, kind, sealed)
         SELECT $1, $12, x.staff_id, x.kind, x.sealed FROM unnest($14::uuid[], $15::text[], $16::bytea[]) AS x(staff_id, kind, sealed)
       ), h AS (
         INSERT INTO case_status_history (case_id, from_status, to_status, at) VALUES ($1, NULL, 'received', $12)
       ), dl AS (
         INSERT INTO case_deadlines (case_id, started_at, kind, due_at, remind_at, working_days, calendar_days)
         SELECT $1, $25::timestamptz, x.kind, x.due_at, x.remind_at, x.working_days, x.calendar_days
           FROM unnest($18::text[], $19::timestamptz[], $20::timestamptz[], $21::int[], $22::int[]) AS x(kind, due_at, remind_at, working_days, calendar_days)
       )
       SELECT number FROM c`,
      [
        id,
        receiptLookup(receipt, this.secrets.receiptSecret),
        salt,
        this.crypto.encrypt(reporterKeyBytes, contentKey, `case:${id}:reporter-content-key`),
        identityKey ? this.crypto.encrypt(reporterKeyBytes, identityKey, `case:${id}:reporter-identity-key`) : null,
        input.categoryCode,
        input.opdCode,
        input.channel,
        input.identity === null,
        this.crypto.encryptJson(contentKey, input.report, `case:${id}:report`),
        identityKey ? this.crypto.encryptJson(identityKey, input.identity, `case:${id}:identity`) : null,
        input.at,
        this.yearIn(input.at),
        keyRows.map((k) => k.staffId),
        keyRows.map((k) => k.kind),
        keyRows.map((k) => k.sealed),
        this.crypto.encrypt(contentKey, Buffer.from(input.report.title, 'utf8'), `case:${id}:title`),
        clocks.map((d) => d.kind),
        clocks.map((d) => d.dueAt),
        clocks.map((d) => d.remindAt),
        clocks.map((d) => d.workingDays),
        clocks.map((d) => d.calendarDays),
        input.receivedOn ?? null,
        input.recordedBy ?? null,
        clockStart,
      ],
    );
    for (const file of input.attachments) {
      await this.attachments.store(manager, id, contentKey, file, { uploadedBy: 'reporter', messageId: null, at: input.at });
    }
    this.crypto.wipe(contentKey);
    if (identityKey) this.crypto.wipe(identityKey);
    this.crypto.wipe(reporterKeyBytes);
    return { caseId: id, number, receipt, submittedAt: input.at };
  }

  /** For a report staff recorded (letter, phone, in person): when it was received and who recorded it; else null. */
  async offlineReceipt(manager: EntityManager, caseId: string): Promise<OfflineReceiptView | null> {
    const [row]: { received_on: string; recorded_by: string | null }[] = await manager.query(
      `SELECT to_char(c.received_on, 'YYYY-MM-DD') AS received_on, s.name AS recorded_by
         FROM cases c LEFT JOIN staff s ON s.id = c.recorded_by WHERE c.id = $1 AND c.received_on IS NOT NULL`,
      [caseId],
    );
    return row ? { receivedOn: row.received_on, recordedBy: row.recorded_by } : null;
  }

  /** The year of a case number: the inspectorate's calendar year, not UTC's. */
  private yearIn(at: Date): string {
    this.yearFormat ??= new Intl.DateTimeFormat('en', { timeZone: this.config.tzName, year: 'numeric' });
    return this.yearFormat.format(at);
  }

  private yearFormat?: Intl.DateTimeFormat;

  /** The reporter's way in: the receipt finds the case and unwraps its content key. */
  async openWithReceipt(manager: EntityManager, normalisedReceipt: string): Promise<{ caseId: string; contentKey: Buffer } | null> {
    const [row]: { id: string; reporter_salt: Buffer; reporter_content_key: Buffer }[] = await manager.query(`SELECT id, reporter_salt, reporter_content_key FROM cases WHERE receipt_lookup = $1`, [
      receiptLookup(normalisedReceipt, this.secrets.receiptSecret),
    ]);
    if (!row) return null;
    const key = reporterKey(normalisedReceipt, row.reporter_salt);
    try {
      return { caseId: row.id, contentKey: this.crypto.decrypt(key, row.reporter_content_key, `case:${row.id}:reporter-content-key`) };
    } finally {
      this.crypto.wipe(key);
    }
  }

  /** The case a person named (by number, or by its internal id); null when there is none. */
  async findIdByReference(manager: EntityManager, ref: CaseReference): Promise<string | null> {
    const [row]: { id: string }[] = 'id' in ref ? await manager.query(`SELECT id FROM cases WHERE id = $1`, [ref.id]) : await manager.query(`SELECT id FROM cases WHERE number = $1`, [ref.number]);
    return row?.id ?? null;
  }

  async readReport(manager: EntityManager, caseId: string, contentKey: Buffer): Promise<ReportContent> {
    const [row]: { report: Buffer }[] = await manager.query(`SELECT report FROM cases WHERE id = $1`, [caseId]);
    return this.crypto.decryptJson<ReportContent>(contentKey, row.report, `case:${caseId}:report`);
  }

  /** The title alone (the inbox); cases filed before the title had its own column fall back to the report. */
  decryptTitle(caseId: string, contentKey: Buffer, title: Buffer | null, report: Buffer): string {
    if (!title) return this.decryptReport(caseId, contentKey, report).title;
    return this.crypto.decrypt(contentKey, title, `case:${caseId}:title`).toString('utf8');
  }

  decryptReport(caseId: string, contentKey: Buffer, report: Buffer): ReportContent {
    return this.crypto.decryptJson<ReportContent>(contentKey, report, `case:${caseId}:report`);
  }

  async addMessage(
    manager: EntityManager,
    caseId: string,
    contentKey: Buffer,
    msg: { from: 'reporter' | 'inspectorate'; staffId: string | null; body: string; attachments: AttachmentInput[]; at: Date; sendToken?: string | null },
  ): Promise<string> {
    const id = randomUUID();
    await manager.query(`INSERT INTO case_messages (id, case_id, author, author_staff_id, body, created_at, send_token) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      id,
      caseId,
      msg.from,
      msg.staffId,
      this.crypto.encrypt(contentKey, Buffer.from(msg.body, 'utf8'), `message:${id}`),
      msg.at,
      msg.sendToken ?? null,
    ]);
    for (const file of msg.attachments) {
      await this.attachments.store(manager, caseId, contentKey, file, { uploadedBy: msg.from, messageId: id, at: msg.at });
    }
    const column = msg.from === 'reporter' ? 'last_reporter_message_at' : 'last_inspectorate_message_at';
    await manager.query(`UPDATE cases SET ${column} = $2, updated_at = $2 WHERE id = $1`, [caseId, msg.at]);
    return id;
  }

  /**
   * The message already sent with this confirm token, if any. Locks the case row first, so two
   * confirms of one preview arriving together run one after the other and the second finds the first.
   */
  async messageSentWith(manager: EntityManager, caseId: string, sendToken: string): Promise<string | null> {
    await manager.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    const [row]: { id: string }[] = await manager.query(`SELECT id FROM case_messages WHERE case_id = $1 AND send_token = $2`, [caseId, sendToken]);
    return row?.id ?? null;
  }

  /** Messages in order, each with the files sent with it. Staff names are never part of it. */
  async messages(manager: EntityManager, caseId: string, contentKey: Buffer): Promise<MessageView[]> {
    const rows: { id: string; author: 'reporter' | 'inspectorate'; body: Buffer; created_at: Date }[] = await manager.query(
      `SELECT id, author, body, created_at FROM case_messages WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    const files = await this.attachments.list(manager, caseId, contentKey);
    return rows.map((r) => ({
      id: r.id,
      from: r.author,
      body: this.crypto.decrypt(contentKey, r.body, `message:${r.id}`).toString('utf8'),
      at: r.created_at,
      attachments: files.filter((f) => f.messageId === r.id),
    }));
  }

  openAttachment(manager: EntityManager, caseId: string, attachmentId: string, contentKey: Buffer) {
    return this.attachments.open(manager, caseId, attachmentId, contentKey);
  }

  async reportAttachments(manager: EntityManager, caseId: string, contentKey: Buffer) {
    return (await this.attachments.list(manager, caseId, contentKey)).filter((f) => f.messageId === null);
  }

  /** Internal notes: never shown to the reporter. */
  async addNote(manager: EntityManager, caseId: string, contentKey: Buffer, note: { staffId: string; body: string; at: Date }): Promise<string> {
    const id = randomUUID();
    await manager.query(`INSERT INTO case_notes (id, case_id, author_staff_id, body, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      caseId,
      note.staffId,
      this.crypto.encrypt(contentKey, Buffer.from(note.body, 'utf8'), `note:${id}`),
      note.at,
    ]);
    return id;
  }

  async notes(manager: EntityManager, caseId: string, contentKey: Buffer): Promise<{ id: string; authorName: string; body: string; at: Date }[]> {
    const rows: { id: string; name: string; body: Buffer; created_at: Date }[] = await manager.query(
      `SELECT n.id, s.name, n.body, n.created_at FROM case_notes n JOIN staff s ON s.id = n.author_staff_id
        WHERE n.case_id = $1 ORDER BY n.created_at, n.id`,
      [caseId],
    );
    return rows.map((r) => ({ id: r.id, authorName: r.name, body: this.crypto.decrypt(contentKey, r.body, `note:${r.id}`).toString('utf8'), at: r.created_at }));
  }

  /** Seals a piece of case text (a transition reason, a closing summary) to the case. */
  sealText(contentKey: Buffer, caseId: string, purpose: string, text: string): Buffer {
    return this.crypto.encrypt(contentKey, Buffer.from(text, 'utf8'), `case:${caseId}:${purpose}`);
  }

  openText(contentKey: Buffer, caseId: string, purpose: string, box: Buffer): string {
    return this.crypto.decrypt(contentKey, box, `case:${caseId}:${purpose}`).toString('utf8');
  }

  /** Status history for staff, with who and why. */
  async history(manager: EntityManager, caseId: string, contentKey: Buffer) {
    const rows: { id: string; from_status: string | null; to_status: string; outcome: string | null; name: string | null; reason: Buffer | null; at: Date }[] = await manager.query(
      `SELECT h.id, h.from_status, h.to_status, h.outcome, s.name, h.reason, h.at FROM case_status_history h
           LEFT JOIN staff s ON s.id = h.actor_staff_id WHERE h.case_id = $1 ORDER BY h.at, h.id`,
      [caseId],
    );
    return rows.map((r) => ({
      from: r.from_status,
      to: r.to_status,
      outcome: r.outcome,
      by: r.name,
      reason: r.reason ? this.openText(contentKey, caseId, `status-reason:${r.id}`, r.reason) : null,
      at: r.at,
    }));
  }

  /**
   * Crypto-shredding of one case (retention's purge; the caller has locked the case and writes
   * the audit entry in the same transaction). Every sealed key of the case goes first, so from
   * there on nothing of it can be decrypted, then the ciphertexts themselves: report, identity,
   * title, summary, messages, notes, attachments, identity requests, encrypted reasons. The
   * receipt stops finding the case; the clear metadata stays for statistics.
   */
  async shred(m: EntityManager, caseId: string, at: Date): Promise<{ keysDestroyed: number; attachmentsDestroyed: number }> {
    const [{ keys }]: { keys: string }[] = await m.query(`WITH d AS (DELETE FROM case_keys WHERE case_id = $1 RETURNING 1) SELECT count(*) AS keys FROM d`, [caseId]);
    const [{ files }]: { files: string }[] = await m.query(`WITH d AS (DELETE FROM case_attachments WHERE case_id = $1 RETURNING 1) SELECT count(*) AS files FROM d`, [caseId]);
    await m.query(`DELETE FROM case_messages WHERE case_id = $1`, [caseId]);
    await m.query(`DELETE FROM case_notes WHERE case_id = $1`, [caseId]);
    await m.query(`DELETE FROM identity_requests WHERE case_id = $1`, [caseId]);
    await m.query(`UPDATE case_status_history SET reason = NULL WHERE case_id = $1 AND reason IS NOT NULL`, [caseId]);
    await m.query(`UPDATE case_assignments SET conflict_override = NULL WHERE case_id = $1 AND conflict_override IS NOT NULL`, [caseId]);
    await m.query(`UPDATE case_assignment_history SET reason = NULL WHERE case_id = $1 AND reason IS NOT NULL`, [caseId]);
    await m.query(
      `UPDATE cases SET report = '\\x'::bytea, title = NULL, closing_summary = NULL, identity = NULL, reporter_identity_key = NULL,
              reporter_content_key = '\\x'::bytea, receipt_lookup = $2, purged_at = $3
        WHERE id = $1`,
      [caseId, randomBytes(32), at],
    );
    return { keysDestroyed: Number(keys), attachmentsDestroyed: Number(files) };
  }

  async timeline(manager: EntityManager, caseId: string): Promise<{ status: string; at: Date }[]> {
    const rows: { to_status: string; at: Date }[] = await manager.query(`SELECT to_status, at FROM case_status_history WHERE case_id = $1 ORDER BY at, id`, [caseId]);
    return rows.map((r) => ({ status: r.to_status, at: r.at }));
  }
}
