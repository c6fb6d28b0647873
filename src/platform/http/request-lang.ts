import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DEFAULT_LANG, isLang, Lang } from '../i18n/i18n';

export const LANG_COOKIE = 'wbs_lang';

/**
 * `?lang=` (or a form's `lang` field) wins; staff pages also remember the choice in a cookie.
 * Public pages set no cookie before the reporter opens their case (DESIGN.md §5), so there the
 * language travels in links and forms instead.
 *
 * `Accept-Language` is deliberately ignored: Tor Browser and text browsers send `en` whatever
 * their user reads, and Kendari's reporters read Indonesian. English is a choice the reader
 * makes on the page, never a guess from a header (docs/decisions.md).
 */
export function requestLang(req: Request): Lang {
  const fromQuery = req.query?.lang;
  if (isLang(fromQuery)) return fromQuery;
  const fromBody = (req.body as Record<string, unknown> | undefined)?.lang;
  if (isLang(fromBody)) return fromBody;
  const fromCookie = req.cookies?.[LANG_COOKIE];
  if (isLang(fromCookie)) return fromCookie;
  return DEFAULT_LANG;
}

/** Staff pages remember the language in a cookie scoped to them (reporter pages never get one). */
export function rememberStaffLang(res: Response, lang: Lang): void {
  res.cookie(LANG_COOKIE, lang, { httpOnly: true, sameSite: 'strict', path: '/staff' });
}

/** The request's language (as `requestLang`), for handlers that need nothing else of the request. */
export const RequestLang = createParamDecorator((_: unknown, ctx: ExecutionContext): Lang => requestLang(ctx.switchToHttp().getRequest<Request>()));
