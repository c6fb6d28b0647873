import type { CookieOptions, Response } from 'express';
import type { AppConfig } from '../config/app-config';

/**
 * One rule for every cookie the app sets (docs/decisions.md, "Cookie names"): over https the
 * name carries the `__Host-` prefix, which makes the browser refuse the cookie unless it is
 * Secure, has Path=/ and no Domain, so no sibling subdomain or plain-http page can plant or
 * shadow it. Browsers refuse such cookies over plain http (except on localhost, inconsistently),
 * so a plain-http deployment (a laptop, the tests) keeps plain names and the path asked for.
 */
export interface AppCookie {
  name: string;
  options: CookieOptions;
}

export function appCookie(config: Pick<AppConfig, 'secureCookies'>, baseName: string, path = '/'): AppCookie {
  const secure = config.secureCookies;
  return {
    name: secure ? `__Host-${baseName}` : baseName,
    options: { httpOnly: true, sameSite: 'strict', secure, path: secure ? '/' : path },
  };
}

export function setAppCookie(res: Response, cookie: AppCookie, value: string): void {
  res.cookie(cookie.name, value, cookie.options);
}

/** Clearing needs the options it was set with (path, prefix), or the browser keeps the cookie. */
export function clearAppCookie(res: Response, cookie: AppCookie): void {
  res.clearCookie(cookie.name, cookie.options);
}
