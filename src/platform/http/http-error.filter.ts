import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { t } from '../i18n/i18n';
import { DomainError, ValidationFailed } from './domain-error';
import { requestLang } from './request-lang';
import { retryAfterOf } from './retry-after';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable';
import './http.i18n';

export interface Mapped {
  status: number;
  code: string;
  message: string;
  params?: Record<string, string | number>;
  errors?: { field: string; message: string; params?: Record<string, string | number> }[];
  retryAfter?: number;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'http.bad_request',
  401: 'http.not_signed_in',
  403: 'http.forbidden',
  404: 'http.not_found',
  413: 'http.payload_too_large',
  429: 'http.too_many_requests',
};

/**
 * The one mapper from errors to responses (STYLE.md): DomainError codes to status, JSON body
 * and error page. Unknown errors become a 500 with an incident id; the log line carries the id,
 * the error class and stack only, never the message of a driver error (it may quote values).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    respondWithError(req, res, this.map(error));
  }

  private map(error: unknown): Mapped {
    if (error instanceof ValidationFailed) {
      return { status: 400, code: error.code, message: 'http.bad_request', errors: error.errors };
    }
    if (error instanceof DomainError) {
      const retryAfter = retryAfterOf(error);
      const errors = error.field ? [{ field: error.field, message: error.message, params: error.params }] : undefined;
      return { status: error.status, code: error.code, message: error.message, params: error.params, errors, retryAfter };
    }
    // body-parser re-wraps what our `verify` throws, so it is recognised by its message.
    if ((error as { type?: string })?.type === 'entity.verify.failed' || (error as Error)?.message === 'http.invalid_utf8') {
      return { status: 400, code: 'invalid_utf8', message: 'http.invalid_utf8' };
    }
    if (isDatabaseUnavailable(error)) {
      // Rolled back whole: the client may simply try again. No stack, no driver message.
      this.logger.warn({ error: (error as Error)?.name, code: (error as { code?: string })?.code }, 'request refused: database unavailable');
      return { status: 503, code: 'database_unavailable', message: 'http.database_unavailable', retryAfter: DATABASE_RETRY_AFTER_SECONDS };
    }
    const status = httpStatusOf(error);
    if (status && status < 500) {
      // Framework errors (unknown route, body parser, pipes): a fixed message per status.
      return { status, code: `http_${status}`, message: STATUS_MESSAGES[status] ?? 'http.bad_request' };
    }
    const requestId = randomUUID();
    const e = error instanceof Error ? error : new Error('non-error thrown');
    this.logger.error({ requestId, error: e.name, code: (e as { code?: string }).code, stack: stackFrames(e) }, 'unhandled error');
    return { status: 500, code: 'internal_error', message: 'http.internal_error', params: { requestId } };
  }
}

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const s = (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : undefined;
}

/** Stack frames without the first line, which repeats the message. */
function stackFrames(e: Error): string | undefined {
  return e.stack?.split('\n').slice(1, 8).join('\n');
}

export function wantsHtml(req: Request): boolean {
  return !req.path.startsWith('/api/') && req.path !== '/health' && req.path !== '/metrics';
}

/** Writes a mapped error as JSON or as the error page (or the sign-in redirect of staff pages). */
export function respondWithError(req: Request, res: Response, mapped: Mapped): void {
  const lang = requestLang(req);
  if (res.headersSent) {
    res.end();
    return;
  }
  if (mapped.retryAfter) res.setHeader('Retry-After', String(mapped.retryAfter));
  const message = t(lang, mapped.message, mapped.params);
  const errors = mapped.errors?.map((e) => ({ field: e.field, message: t(lang, e.message, e.params) }));

  if (!wantsHtml(req)) {
    res.status(mapped.status).json({ code: mapped.code, message, ...(errors ? { errors } : {}) });
    return;
  }
  if (req.path.startsWith('/staff') && mapped.status === 401) {
    res.redirect(303, '/staff/login');
    return;
  }
  if (req.path.startsWith('/staff') && mapped.code === 'password_change_required') {
    res.redirect(303, '/staff/password');
    return;
  }
  if (req.path.startsWith('/staff') && mapped.code === 'totp_enrolment_required') {
    res.redirect(303, '/staff/2fa');
    return;
  }
  res.status(mapped.status).render('platform/error', {
    layout: req.path.startsWith('/staff') ? 'layouts/staff' : 'layouts/public',
    staffPage: req.path.startsWith('/staff'),
    lang,
    title: t(lang, 'http.error_title'),
    message,
    errors,
  });
}
