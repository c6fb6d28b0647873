import { Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Channel } from '../cases';
import { CatalogService } from '../catalog';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { DomainError, ValidationFailed } from '../platform/http/domain-error';
import { TextInputRefused } from '../platform/http/text-input';
import { fieldErrors } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { page } from '../platform/views/page';
import { Lang, t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { SkipCsrf, StaffPages } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { toMiB } from '../platform/uploads/attachments';
import { IntakeService, ReportRejected } from './intake.service';
import { UploadReceiver, fieldsReadBefore } from '../platform/uploads/multipart';
import { setRetryAfter } from '../platform/http/retry-after';
import { UploadsBusy } from '../platform/uploads/attachments';
import { metadataNotices } from './intake.pages.controller';
import { LIMITS } from './report-form';
import { asksForQuestions, questionsModel, questionsStep } from './report-questions';
import { QuestionsService } from '../catalog';
import { disposeAll } from '../platform/uploads/attachments';
import { LETTER_NUMBER_MAX } from './offline-receipt';
import './intake.i18n';

export const OFFLINE_CHANNELS: Channel[] = ['phone', 'letter', 'in_person', 'email'];

/**
 * Reports that reach the inspectorate by phone, letter, e-mail or in person: a supervisor
 * records them with the same form and rules, plus the date received (the SLA starts then) and a
 * letter's number and date, and hands the receipt (with the case number) to the reporter.
 */
@StaffPages('staff/reports', Role.Supervisor)
export class IntakeStaffPagesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: UploadReceiver,
    private readonly questions: QuestionsService,
  ) {}

  @Get('new')
  form(@RequestLang() lang: Lang) {
    return this.reportPage(lang, 200, { anonymous: 'yes', strip_metadata: 'yes', received_on: this.intake.today() }, []);
  }

  /** The form's errors and Retry-After go on the response; the page itself is returned. */
  @Post('new')
  @SkipCsrf() // checked below, once the multipart body is read
  async submit(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res({ passthrough: true }) res: Response, @RequestLang() lang: Lang) {
    let fields: Record<string, string> = {};
    try {
      const upload = await this.uploads.read(req, { signedInStaff: true });
      fields = upload.fields;
      const files = upload.files;
      this.auth.assertCsrf(me.sessionId, fields._csrf);
      if (asksForQuestions(fields)) {
        await disposeAll(files.map((f) => f.source));
        const step = await questionsStep(this.questions, fields, lang);
        return await this.reportPage(lang, step.status, fields, step.errors, step.notice);
      }
      const channel = fields.channel as Channel;
      if (!OFFLINE_CHANNELS.includes(channel)) throw new ValidationFailed([{ field: 'channel', message: 'offline.channel_required' }]);
      const receipt = await this.intake.submit(fields, files, channel, me);
      return page('intake/receipt', {
        title: t(lang, 'receipt.title'),
        receipt: receipt.receipt,
        number: receipt.number,
        offline: true,
        ...metadataNotices(lang, receipt),
      });
    } catch (e) {
      if (!(e instanceof DomainError) || e.status === 403 || e.status === 401 || (e.status >= 500 && !(e instanceof UploadsBusy))) throw e;
      fields = fieldsReadBefore(e) ?? fields;
      setRetryAfter(res, e);
      const typed = e instanceof ReportRejected ? { ...e.raw, channel: fields.channel ?? '' } : e instanceof TextInputRefused ? e.raw : fields;
      return await this.reportPage(lang, e.status, typed, fieldErrors(e, lang));
    }
  }

  private async reportPage(lang: Lang, status: number, values: Record<string, string>, errors: { field: string; message: string }[], questionsNotice?: string) {
    const limits = this.config.attachments;
    return page(
      'intake/report',
      {
        ...(await questionsModel(this.questions, values, errors, lang)),
        questionsNotice,
        title: t(lang, 'offline.title'),
        action: '/staff/reports/new',
        offlineChannels: OFFLINE_CHANNELS,
        v: values,
        errors,
        categories: await this.catalog.categories(lang),
        opds: await this.catalog.opds(),
        limits: LIMITS,
        offlineLimits: { letterNumber: LETTER_NUMBER_MAX },
        upload: { maxFileMiB: toMiB(limits.maxFileBytes), maxTotalMiB: toMiB(limits.maxTotalBytes), maxFiles: limits.maxFiles },
      },
      status,
    );
  }
}
