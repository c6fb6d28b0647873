import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import { sendDecrypted } from '../platform/uploads/send-decrypted';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { REPORT_SCHEMA } from './dto/report.dto';
import type { Request, Response } from 'express';
import { CatalogService } from '../catalog';
import { RateLimit, RateLimitGuard } from '../platform/http/rate-limit/rate-limit.guard';
import { requestLang } from '../platform/http/request-lang';
import { IntakeService } from './intake.service';
import { UploadReceiver } from '../platform/uploads/multipart';
import { t } from '../platform/i18n/i18n';
import { bearerToken } from './reporter-cookie';
import { IDEMPOTENCY_HEADER, parseIdempotencyKey } from './idempotency-key';

/** The same rules as the pages, for other channels and integrations (CONTRACT.md). */
@ApiTags('reporter')
@Controller('api/v1')
export class IntakeApiController {
  constructor(
    private readonly intake: IntakeService,
    private readonly catalog: CatalogService,
    private readonly uploads: UploadReceiver,
  ) {}

  @Post('reports')
  @UseGuards(RateLimitGuard)
  @RateLimit('report')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: REPORT_SCHEMA })
  @ApiResponse({
    status: 201,
    description:
      '`{ receipt, submittedAt, mayCarryMetadata: [filename], notCleaned: [{ filename, reason, message }] }`: `mayCarryMetadata` names stored files that may still identify the reporter (kept by choice, media, archives, documents that could not be cleaned); `notCleaned` names the documents whose metadata removal was asked for and failed, with `reason` `encrypted`, `unreadable`, `too_large` or `too_complex`.',
  })
  @ApiHeader({
    name: IDEMPOTENCY_HEADER,
    required: false,
    description:
      'A random key (16–255 visible ASCII characters, e.g. a UUID) chosen by the client for this report. A retry with the same key and the same fields within 24 hours files nothing and answers 201 with the first receipt (header `Idempotent-Replayed: true`); the same key with other fields answers 409 `idempotency_key_reused`.',
  })
  @ApiResponse({ status: 409, description: 'The Idempotency-Key was used within the day for a report with other fields. Nothing was saved.' })
  @ApiResponse({ status: 413, description: 'A file or all files together are over the attachment limits, or a photo declares more than 120 megapixels.' })
  @ApiResponse({ status: 415, description: 'A file type not on the allow-list, or a name that contradicts the content.' })
  @ApiResponse({
    status: 429,
    description: 'Too many reports from this client this minute, or its daily upload quota is used (`code: upload_quota_exceeded`); `Retry-After` says when to try again. Nothing was saved.',
  })
  @ApiResponse({
    status: 503,
    description: 'Intake not open yet (`intake_closed`), or this instance is receiving as many uploads as it takes (`uploads_busy`); `Retry-After` says when to try again. Nothing was saved.',
  })
  async submit(@Req() req: Request) {
    const idempotencyKey = parseIdempotencyKey(req.headers[IDEMPOTENCY_HEADER.toLowerCase()]);
    const { fields, files } = await this.uploads.read(req);
    const receipt = await this.intake.submit(fields, files, 'api', undefined, idempotencyKey);
    const lang = requestLang(req);
    // Stripe's convention: a client can tell a replayed answer from a new filing.
    if (receipt.repeated) req.res?.setHeader('Idempotent-Replayed', 'true');
    return {
      receipt: receipt.receipt,
      submittedAt: receipt.submittedAt.toISOString(),
      mayCarryMetadata: receipt.mayCarryMetadata,
      notCleaned: receipt.notCleaned.map((f) => ({ filename: f.filename, reason: f.reason, message: t(lang, `upload.not_cleaned.${f.reason}`) })),
    };
  }

  @Post('track')
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @RateLimit('track')
  async track(@Body() body: { receipt?: unknown }) {
    const session = await this.intake.openSession(body?.receipt);
    return { token: session.token, expiresAt: session.expiresAt.toISOString() };
  }

  @Get('track/case')
  @ApiBearerAuth()
  async case(@Req() req: Request) {
    const view = await this.intake.view(bearerToken(req));
    return {
      status: view.status,
      outcome: view.outcome,
      closingSummary: view.closingSummary,
      identityDisclosedAt: view.identityDisclosedAt.map((d) => d.toISOString()),
      category: view.categoryCode,
      categoryName: await this.catalog.categoryName(view.categoryCode, requestLang(req)),
      submittedAt: view.submittedAt.toISOString(),
      timeline: view.timeline.map((e) => ({ status: e.status, at: e.at.toISOString() })),
      messages: view.messages.map((m) => ({
        from: m.from,
        body: m.body,
        at: m.at.toISOString(),
        new: m.isNew,
        attachments: m.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size })),
      })),
      attachments: view.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, at: a.createdAt.toISOString() })),
      feedback: {
        canGive: view.feedback.canGive,
        rating: view.feedback.given?.rating ?? null,
        comment: view.feedback.given?.comment ?? null,
        at: view.feedback.given?.at.toISOString() ?? null,
      },
    };
  }

  @Post('track/feedback')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Rate a closed case, once',
    description:
      'Body `{ "rating": 1..5, "comment"?: string (up to 2000 characters) }`. Only for a closed case (409 `feedback_not_open` before), once per case (409 `feedback_already_given` after); 400 with field errors for a bad rating or comment. Answers 201 `{ rating, at }`.',
  })
  @UseGuards(RateLimitGuard)
  @RateLimit('reporterMessage')
  async feedback(@Req() req: Request, @Body() body: { rating?: unknown; comment?: unknown }) {
    const given = await this.intake.giveFeedback(bearerToken(req), body?.rating, body?.comment);
    return { rating: given.rating, at: given.at.toISOString() };
  }

  @Get('track/attachments/:attachmentId')
  @ApiBearerAuth()
  async download(@Req() req: Request, @Res() res: Response, @Param('attachmentId', ParseUUIDPipe) attachmentId: string) {
    await sendDecrypted(res, await this.intake.openAttachment(bearerToken(req), attachmentId));
  }

  @Post('track/messages')
  @ApiBearerAuth()
  @UseGuards(RateLimitGuard)
  @RateLimit('reporterMessage')
  async message(@Req() req: Request) {
    const { fields, files } = await this.uploads.read(req);
    const strip = fields.strip_metadata as unknown;
    return this.intake.addMessage(bearerToken(req), fields.body, files, strip !== 'no' && strip !== false);
  }
}
