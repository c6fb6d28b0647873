import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import type { DeploymentSecrets } from '../platform/crypto/deployment-secrets';
import { Conflict } from '../platform/http/domain-error';
import type { UploadedFile as Upload } from '../platform/uploads/attachments';
import { DEPLOYMENT_SECRETS } from '../platform/platform.tokens';
import type { StaffRef } from '../staff';
import { CaseAccess } from './case-access.service';
import { CasesRepository } from './cases.repository';
import { CasesService, messageText } from './cases.service';

/** What the confirm step shows and carries: the text exactly as it will be sent, bound by a seal. */
export interface ReplyPreview {
  caseId: string;
  number: string;
  body: string;
  /** When the preview was made; the reporter sees the sending time, close to it. */
  at: Date;
  /** One per preview: a second confirm with it sends nothing more. */
  sendToken: string;
  /** Binds the token to this text, this case and this session: a changed text is not sent. */
  seal: string;
}

/** The text at confirm is not the text that was previewed (or the preview is missing): preview again. */
export class ReplyPreviewOutdated extends Conflict.withMessage('cases.reply_preview_outdated', { field: 'body' }) {}

const TOKEN_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A message to the reporter goes out only after its author saw it as the reporter will: the page
 * posts the text to `preview`, which stores nothing, and the confirm form posts it back with the
 * seal to `confirm`, the only step that sends.
 */
@Injectable()
export class ReplyPreviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CaseAccess,
    private readonly casesService: CasesService,
    private readonly clock: Clock,
    @Inject(DEPLOYMENT_SECRETS) private readonly secrets: DeploymentSecrets,
    private readonly cases: CasesRepository,
  ) {}

  async preview(me: StaffRef, caseId: string, bodyInput: unknown): Promise<ReplyPreview> {
    const body = messageText(bodyInput, 'cases.message_required');
    // The same access as sending: a member who could not send learns nothing here either.
    (await this.access.contentKey(this.db.manager, me, caseId)).fill(0);
    const number = (await this.cases.numberOf(this.db, caseId))!;
    const sendToken = randomUUID();
    return { caseId, number, body, at: this.clock.now(), sendToken, seal: this.seal(me, caseId, sendToken, body) };
  }

  /** Sends the previewed text, once per preview; ReplyPreviewOutdated when the text changed. */
  async confirm(me: StaffRef, caseId: string, fields: Record<string, unknown>, files: Upload[]): Promise<{ id: string }> {
    const body = messageText(fields.body, 'cases.message_required');
    const token = typeof fields.sendToken === 'string' && TOKEN_PATTERN.test(fields.sendToken) ? fields.sendToken : null;
    if (!token || !this.sealMatches(this.seal(me, caseId, token, body), fields.seal)) throw new ReplyPreviewOutdated();
    return this.casesService.sendToReporter(me, caseId, body, files, token);
  }

  private seal(me: StaffRef, caseId: string, token: string, body: string): string {
    return createHmac('sha256', this.secrets.tokenSecret)
      .update(JSON.stringify(['reply-preview', me.sessionId, caseId, token, body]))
      .digest('base64url');
  }

  private sealMatches(expected: string, given: unknown): boolean {
    const a = Buffer.from(expected);
    const b = Buffer.from(typeof given === 'string' ? given : '');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
