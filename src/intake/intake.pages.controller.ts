import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import { sendDecrypted } from '../platform/uploads/send-decrypted';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CatalogService } from '../catalog';
import { QuestionsService } from '../catalog';
import { BrandingService } from '../branding';
import { IntakeClosed } from '../cases';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { DomainError, ValidationFailed } from '../platform/http/domain-error';
import { TextInputRefused } from '../platform/http/text-input';
import { fieldErrors } from '../platform/http/form-errors';
import { textField } from '../platform/http/body-schema';
import { RateLimit, RateLimitGuard } from '../platform/http/rate-limit/rate-limit.guard';
import { requestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { DEFAULT_ATTACHMENT_LIMITS, disposeAll, toMiB } from '../platform/uploads/attachments';
import { ReportRejected, IntakeService, type Receipt } from './intake.service';
import type { UploadedFile as Upload } from '../platform/uploads/attachments';
import { UploadReceiver, fieldsReadBefore } from '../platform/uploads/multipart';
import { setRetryAfter } from '../platform/http/retry-after';
import { clearReporterCookie, reporterToken, setReporterCookie } from './reporter-cookie';
import { LIMITS } from './report-form';
import { TrackFormTokens } from './track-form-token';
import { IdempotencyKeyReused, SubmissionTokenUnknown } from './intake.errors';
import { keptSubmissionToken, newSubmissionToken, parseSubmissionToken, SUBMISSION_TOKEN_FIELD } from './submission-token';
import { receiptFile } from './receipt-file';
import { asksForQuestions, questionsModel, questionsStep } from './report-questions';
import './intake.i18n';
import './receipts.i18n';

/** The public pages: plain HTML forms that work without JavaScript (CONTRACT.md). */
@ApiExcludeController()
@Controller()
export class IntakePagesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly trackTokens: TrackFormTokens,
    private readonly uploads: UploadReceiver,
    private readonly questions: QuestionsService,
    private readonly branding: BrandingService,
  ) {}

  @Get()
  async landing(@Req() req: Request, @Res() res: Response) {
    const lang = requestLang(req);
    res.render('intake/landing', { lang, title: this.branding.snapshot()[lang].landing_title, open: await this.intake.isOpen(), categories: await this.catalog.categories(lang) });
  }

  @Get('report')
  async form(@Req() req: Request, @Res() res: Response) {
    await this.renderForm(req, res, 200, { anonymous: 'yes', strip_metadata: 'yes', [SUBMISSION_TOKEN_FIELD]: newSubmissionToken() }, []);
  }

  @Post('report')
  @UseGuards(RateLimitGuard)
  @RateLimit('report')
  async submit(@Req() req: Request, @Res() res: Response) {
    let fields: Record<string, string> = {};
    try {
      const upload = await this.uploads.read(req);
      fields = upload.fields;
      if (asksForQuestions(fields)) {
        await disposeAll(upload.files.map((f) => f.source));
        return await this.showQuestions(req, res, fields);
      }
      await this.respond(req, res, fields, upload.files);
    } catch (e) {
      if (e instanceof IntakeClosed) return this.renderClosed(req, res);
      if (!(e instanceof DomainError)) throw e;
      fields = fieldsReadBefore(e) ?? fields;
      setRetryAfter(res, e);
      const lang = langOf(req, fields);
      const typed = { ...(e instanceof ReportRejected || e instanceof TextInputRefused ? e.raw : fields) };
      // The same token while nothing was filed; a token that filed other fields is spent.
      typed[SUBMISSION_TOKEN_FIELD] = e instanceof IdempotencyKeyReused ? newSubmissionToken() : keptSubmissionToken(fields[SUBMISSION_TOKEN_FIELD]);
      const shown = e instanceof IdempotencyKeyReused ? [{ field: 'form', message: t(lang, 'report.submission_token_reused') }] : fieldErrors(e, lang);
      await this.renderForm(req, res, e.status, typed, shown, lang);
    }
  }

  /** The form again, as typed, with the chosen category's questions; nothing is filed. */
  private async showQuestions(req: Request, res: Response, fields: Record<string, string>) {
    const lang = langOf(req, fields);
    const step = await questionsStep(this.questions, fields, lang);
    const values = { ...fields, [SUBMISSION_TOKEN_FIELD]: keptSubmissionToken(fields[SUBMISSION_TOKEN_FIELD]) };
    await this.renderForm(req, res, step.status, values, step.errors, lang, step.notice);
  }

  private async respond(req: Request, res: Response, fields: Record<string, string>, files: Upload[]) {
    const lang = langOf(req, fields);
    const token = parseSubmissionToken(fields[SUBMISSION_TOKEN_FIELD]);
    const receipt = await this.intake.submit(fields, files, 'web', undefined, token);
    this.renderReceipt(res, lang, receipt, token);
  }

  private renderReceipt(res: Response, lang: Lang, receipt: Receipt, token: string | null) {
    res.status(200).render('intake/receipt', {
      hideLangSwitch: true,
      lang,
      title: t(lang, 'receipt.title'),
      receipt: receipt.receipt,
      number: receipt.number,
      repeated: receipt.repeated,
      submissionToken: token,
      trackUrl: `${this.config.publicUrl}/track`,
      ...metadataNotices(lang, receipt),
    });
  }

  /**
   * The receipt as a small text file, asked for with the page's submission token in a POST body
   * (never a URL), for as long as the token answers (docs/decisions.md).
   */
  @Post('report/receipt')
  @UseGuards(RateLimitGuard)
  @RateLimit('track')
  async receiptDownload(@Req() req: Request, @Res() res: Response) {
    const { body, lang } = urlencodedForm(req);
    try {
      const token = parseSubmissionToken(body[SUBMISSION_TOKEN_FIELD]);
      if (!token) throw new SubmissionTokenUnknown();
      const receipt = await this.intake.receiptForFormToken(token);
      res
        .status(200)
        .type('text/plain; charset=utf-8')
        .setHeader('Content-Disposition', 'attachment; filename="wbs-receipt.txt"')
        .send(receiptFile(lang, receipt, `${this.config.publicUrl}/track`, this.config.tzName));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const message = e instanceof ValidationFailed ? e.errors[0].message : e.message;
      res.status(e.status).render('intake/receipt-gone', { hideLangSwitch: true, lang, title: t(lang, 'receipt.gone_title'), error: t(lang, message) });
    }
  }

  @Get('track')
  trackForm(@Req() req: Request, @Res() res: Response) {
    this.renderTrack(req, res, 200);
  }

  @Post('track')
  @UseGuards(RateLimitGuard)
  @RateLimit('track')
  async track(@Req() req: Request, @Res() res: Response) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const draft = typeof body.draft === 'string' ? body.draft : '';
    if (!sameOriginForm(req) || !this.trackTokens.isValid(body._csrf, req.ip)) {
      // Nothing about the receipt is said: the form comes back with a fresh token, to type it
      // again, and an expired form keeps the reporter's draft (never a cross-site post's text).
      return this.renderTrack(req, res, 403, 'track.form_expired', sameOriginForm(req) ? draft : '');
    }
    try {
      const session = await this.intake.openSession(body.receipt);
      setReporterCookie(res, this.config, session.token);
      // A reply typed before the session ended comes back in the reply box, not through a URL.
      // No language link: it would leave this answered POST and lose the draft.
      if (draft) return await this.renderCase(req, res, 200, { draft, hideLangSwitch: true }, requestLang(req), session.token);
      res.redirect(303, `/track/case?lang=${requestLang(req)}`);
    } catch (e) {
      if (!(e instanceof DomainError) || e.status !== 401) throw e;
      this.renderTrack(req, res, 401, e.message, draft);
    }
  }

  /** `draft`: a reply the reporter typed when the session had ended, kept in the form. */
  private renderTrack(req: Request, res: Response, status: number, error?: string, draft = '') {
    const lang = requestLang(req);
    res.status(status).render('intake/track', { lang, title: t(lang, 'track.title'), csrf: this.trackTokens.issue(req.ip), error: error && t(lang, error), draft });
  }

  @Get('track/case')
  async trackCase(@Req() req: Request, @Res() res: Response) {
    await this.renderCase(req, res, 200, {});
  }

  @Post('track/messages')
  @UseGuards(RateLimitGuard)
  @RateLimit('reporterMessage')
  async message(@Req() req: Request, @Res() res: Response) {
    let fields: Record<string, string> = {};
    const token = reporterToken(req, this.config);
    try {
      const upload = await this.uploads.read(req);
      fields = upload.fields;
      await this.intake.addMessage(token, fields.body, upload.files, fields.strip_metadata !== 'no');
      res.redirect(303, `/track/case?lang=${langOf(req, fields)}#messages`);
    } catch (e) {
      fields = fieldsReadBefore(e) ?? fields;
      if (!(e instanceof DomainError) || e.status === 401) return this.sessionEnded(req, res, e, fields.body);
      setRetryAfter(res, e);
      const lang = langOf(req, fields);
      await this.renderCase(req, res, e.status, { draft: (e instanceof TextInputRefused ? e.raw.body : fields.body) ?? '', errors: fieldErrors(e, lang, 'body') }, lang);
    }
  }

  /** The optional rating of a closed case (once); errors come back beside the rating form. */
  @Post('track/feedback')
  @UseGuards(RateLimitGuard)
  @RateLimit('reporterMessage')
  async feedback(@Req() req: Request, @Res() res: Response) {
    const { body, lang } = urlencodedForm(req);
    try {
      await this.intake.giveFeedback(reporterToken(req, this.config), body.rating, body.comment);
      res.redirect(303, `/track/case?lang=${lang}#feedback`);
    } catch (e) {
      if (!(e instanceof DomainError) || e.status === 401) return this.sessionEnded(req, res, e);
      const feedbackDraft = { rating: textField(body, 'rating', ''), comment: textField(body, 'comment', '') };
      await this.renderCase(req, res, e.status, { feedbackErrors: fieldErrors(e, lang, 'rating'), feedbackDraft }, lang);
    }
  }

  @Get('track/attachments/:attachmentId')
  async download(@Req() req: Request, @Res() res: Response, @Param('attachmentId', ParseUUIDPipe) attachmentId: string) {
    try {
      await sendDecrypted(res, await this.intake.openAttachment(reporterToken(req, this.config), attachmentId));
    } catch (e) {
      this.sessionEnded(req, res, e);
    }
  }

  @Post('track/logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.intake.closeSession(reporterToken(req, this.config));
    clearReporterCookie(res, this.config);
    res.redirect(303, `/?lang=${requestLang(req)}`);
  }

  private async renderCase(req: Request, res: Response, status: number, extra: Record<string, unknown>, lang: Lang = requestLang(req), token = reporterToken(req, this.config)) {
    try {
      const view = await this.intake.view(token);
      res.status(status).render('intake/case', {
        lang,
        title: t(lang, 'track.case_title'),
        c: view,
        categoryName: await this.catalog.categoryName(view.categoryCode, lang),
        ...extra,
      });
    } catch (e) {
      this.sessionEnded(req, res, e);
    }
  }

  private sessionEnded(req: Request, res: Response, e: unknown, draft?: string) {
    if (!(e instanceof DomainError) || e.status !== 401) throw e;
    clearReporterCookie(res, this.config);
    this.renderTrack(req, res, 401, draft ? 'track.draft_kept' : e.message, draft);
  }

  private renderClosed(req: Request, res: Response) {
    const lang = requestLang(req);
    res.status(503).render('intake/closed', { lang, title: t(lang, 'intake.closed_title') });
  }

  private async renderForm(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: { field: string; message: string }[],
    lang: Lang = requestLang(req),
    questionsNotice?: string,
  ) {
    if (!(await this.intake.isOpen())) return this.renderClosed(req, res);
    const limits = this.config.attachments;
    res.status(status).render('intake/report', {
      // A link away from an answered POST would lose what the reporter typed.
      hideLangSwitch: req.method === 'POST',
      ...(await questionsModel(this.questions, values, errors, lang)),
      questionsNotice,
      lang,
      title: t(lang, 'report.title'),
      v: values,
      errors,
      categories: await this.catalog.categories(lang),
      opds: await this.catalog.opds(),
      limits: LIMITS,
      upload: { maxFileMiB: toMiB(limits.maxFileBytes), maxTotalMiB: toMiB(limits.maxTotalBytes), maxFiles: limits.maxFiles ?? DEFAULT_ATTACHMENT_LIMITS.maxFiles },
    });
  }
}

/**
 * Browsers that send Fetch Metadata say where a post comes from: only our own pages (or the
 * reporter's own typing, `none`) may post the receipt. Older browsers send nothing and are left
 * to the form token.
 */
function sameOriginForm(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * For the receipt page: "name: why" for each document that could not be cleaned, and the other
 * files that may still carry metadata (each file named once).
 */
export function metadataNotices(lang: Lang, receipt: Receipt): { notCleaned: string[]; mayCarryMetadata: string[] } {
  const notCleaned = new Set(receipt.notCleaned.map((f) => f.filename));
  return {
    notCleaned: receipt.notCleaned.map((f) => `${f.filename}: ${t(lang, `upload.not_cleaned.${f.reason}`)}`),
    mayCarryMetadata: receipt.mayCarryMetadata.filter((name) => !notCleaned.has(name)),
  };
}

/** A plain (urlencoded) form's fields, and the page language it carries. */
function urlencodedForm(req: Request): { body: Record<string, unknown>; lang: Lang } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return { body, lang: langOf(req, { lang: typeof body.lang === 'string' ? body.lang : '' }) };
}

function langOf(req: Request, fields: Record<string, string>): Lang {
  return fields.lang === 'en' || fields.lang === 'id' ? fields.lang : requestLang(req);
}
