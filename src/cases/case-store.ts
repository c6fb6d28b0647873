import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CryptoService, generateReceipt, receiptLookup, reporterKey } from '../platform/crypto';
import type { DeploymentSecrets } from '../platform/crypto';
import { Inject } from '@nestjs/common';
import { DEPLOYMENT_SECRETS } from '../platform/platform.tokens';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { Role } from '../staff';
import { StaffDirectory, StaffService } from '../staff';
import { CasesRepository } from './cases.repository';
import { CaseConversationRepository } from './case-conversation.repository';
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
    private readonly cases: CasesRepository,
    private readonly conversation: CaseConversationRepository,
    private readonly directory: StaffDirectory,
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
    const number = await this.cases.insertFiled(manager, {
      id,
      receiptLookup: receiptLookup(receipt, this.secrets.receiptSecret),
      reporterSalt: salt,
      reporterContentKey: this.crypto.encrypt(reporterKeyBytes, contentKey, `case:${id}:reporter-content-key`),
      reporterIdentityKey: identityKey ? this.crypto.encrypt(reporterKeyBytes, identityKey, `case:${id}:reporter-identity-key`) : null,
      categoryCode: input.categoryCode,
      opdCode: input.opdCode,
      channel: input.channel,
      anonymous: input.identity === null,
      report: this.crypto.encryptJson(contentKey, input.report, `case:${id}:report`),
      identity: identityKey ? this.crypto.encryptJson(identityKey, input.identity, `case:${id}:identity`) : null,
      title: this.crypto.encrypt(contentKey, Buffer.from(input.report.title, 'utf8'), `case:${id}:title`),
      at: input.at,
      year: this.yearIn(input.at),
      keys: keyRows,
      clockStart,
      clocks,
      receivedOn: input.receivedOn ?? null,
      recordedBy: input.recordedBy ?? null,
    });
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
    const row = await this.cases.offlineReceipt(manager, caseId);
    if (!row) return null;
    const recordedBy = row.recordedBy ? ((await this.directory.namesOf([row.recordedBy], manager)).get(row.recordedBy) ?? null) : null;
    return { receivedOn: row.receivedOn, recordedBy };
  }

  /** The year of a case number: the inspectorate's calendar year, not UTC's. */
  private yearIn(at: Date): string {
    this.yearFormat ??= new Intl.DateTimeFormat('en', { timeZone: this.config.tzName, year: 'numeric' });
    return this.yearFormat.format(at);
  }

  private yearFormat?: Intl.DateTimeFormat;

  /** The reporter's way in: the receipt finds the case and unwraps its content key. */
  async openWithReceipt(manager: EntityManager, normalisedReceipt: string): Promise<{ caseId: string; contentKey: Buffer } | null> {
    const row = await this.cases.findByReceiptLookup(manager, receiptLookup(normalisedReceipt, this.secrets.receiptSecret));
    if (!row) return null;
    const key = reporterKey(normalisedReceipt, row.reporterSalt);
    try {
      return { caseId: row.id, contentKey: this.crypto.decrypt(key, row.reporterContentKey, `case:${row.id}:reporter-content-key`) };
    } finally {
      this.crypto.wipe(key);
    }
  }

  /** The case a person named (by number, or by its internal id); null when there is none. */
  async findIdByReference(manager: EntityManager, ref: CaseReference): Promise<string | null> {
    return 'id' in ref ? this.cases.idById(manager, ref.id) : this.cases.idByNumber(manager, ref.number);
  }

  async readReport(manager: EntityManager, caseId: string, contentKey: Buffer): Promise<ReportContent> {
    return this.crypto.decryptJson<ReportContent>(contentKey, await this.cases.report(manager, caseId), `case:${caseId}:report`);
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
    await this.conversation.addMessage(manager, {
      id,
      caseId,
      from: msg.from,
      staffId: msg.staffId,
      body: this.crypto.encrypt(contentKey, Buffer.from(msg.body, 'utf8'), `message:${id}`),
      at: msg.at,
      sendToken: msg.sendToken ?? null,
    });
    for (const file of msg.attachments) {
      await this.attachments.store(manager, caseId, contentKey, file, { uploadedBy: msg.from, messageId: id, at: msg.at });
    }
    await this.cases.touchLastMessage(manager, caseId, msg.from, msg.at);
    return id;
  }

  /**
   * The message already sent with this confirm token, if any. Locks the case row first, so two
   * confirms of one preview arriving together run one after the other and the second finds the first.
   */
  async messageSentWith(manager: EntityManager, caseId: string, sendToken: string): Promise<string | null> {
    await this.cases.lock(manager, caseId);
    return this.conversation.messageIdBySendToken(manager, caseId, sendToken);
  }

  /** Messages in order, each with the files sent with it. Staff names are never part of it. */
  async messages(manager: EntityManager, caseId: string, contentKey: Buffer): Promise<MessageView[]> {
    const rows = await this.conversation.messages(manager, caseId);
    const files = await this.attachments.list(manager, caseId, contentKey);
    return rows.map((r) => ({
      id: r.id,
      from: r.from,
      body: this.crypto.decrypt(contentKey, r.body, `message:${r.id}`).toString('utf8'),
      at: r.at,
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
    await this.conversation.addNote(manager, { id, caseId, staffId: note.staffId, body: this.crypto.encrypt(contentKey, Buffer.from(note.body, 'utf8'), `note:${id}`), at: note.at });
    return id;
  }

  async notes(manager: EntityManager, caseId: string, contentKey: Buffer): Promise<{ id: string; authorName: string; body: string; at: Date }[]> {
    const rows = await this.conversation.notes(manager, caseId);
    const names = await this.directory.namesOf(
      rows.map((r) => r.authorId),
      manager,
    );
    return rows.map((r) => ({ id: r.id, authorName: names.get(r.authorId) ?? '', body: this.crypto.decrypt(contentKey, r.body, `note:${r.id}`).toString('utf8'), at: r.at }));
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
    const rows = await this.cases.history(manager, caseId);
    const names = await this.directory.namesOf(
      rows.flatMap((r) => (r.actorId ? [r.actorId] : [])),
      manager,
    );
    return rows.map((r) => ({
      from: r.from,
      to: r.to,
      outcome: r.outcome,
      by: r.actorId ? (names.get(r.actorId) ?? null) : null,
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
    return this.cases.shred(m, caseId, randomBytes(32), at);
  }

  async timeline(manager: EntityManager, caseId: string): Promise<{ status: string; at: Date }[]> {
    return this.cases.timeline(manager, caseId);
  }
}
