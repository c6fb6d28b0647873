import type { Request } from 'express';
import { DEFAULT_LANG, isLang, Lang } from '../i18n/i18n';

export const LANG_COOKIE = 'wbs_lang';

/**
 * `?lang=` (or a form's `lang` field) wins; staff pages also remember the choice in a cookie.
 * Public pages set no cookie before the reporter opens their case (DESIGN.md §5), so there the
 * language travels in links and forms instead.
 */
export function requestLang(req: Request): Lang {
  const fromQuery = req.query?.lang;
  if (isLang(fromQuery)) return fromQuery;
  const fromBody = (req.body as Record<string, unknown> | undefined)?.lang;
  if (isLang(fromBody)) return fromBody;
  const fromCookie = req.cookies?.[LANG_COOKIE];
  if (isLang(fromCookie)) return fromCookie;
  const accept = req.headers['accept-language'];
  if (typeof accept === 'string' && /^en\b/i.test(accept.trim())) return 'en';
  return DEFAULT_LANG;
}
