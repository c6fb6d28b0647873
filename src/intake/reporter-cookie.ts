import type { Request, Response } from 'express';
import type { AppConfig } from '../platform/config/app-config';
import { appCookie, clearAppCookie, setAppCookie } from '../platform/http/cookies';

/**
 * The only cookie public pages ever set: after the reporter opens their case with the receipt.
 * Path /track over plain http; over https the `__Host-` rule needs Path=/ (docs/decisions.md).
 */
function reporterCookie(config: Pick<AppConfig, 'secureCookies'>) {
  return appCookie(config, 'wbs_track', '/track');
}

/**
 * A session cookie (no Expires, no Max-Age): closing the browser on a shared phone ends it. The
 * idle limit is the server's, on the reporter session row.
 */
export function setReporterCookie(res: Response, config: AppConfig, token: string): void {
  setAppCookie(res, reporterCookie(config), token);
}

export function clearReporterCookie(res: Response, config: AppConfig): void {
  clearAppCookie(res, reporterCookie(config));
}

export function reporterToken(req: Request, config: Pick<AppConfig, 'secureCookies'>): string | undefined {
  return req.cookies?.[reporterCookie(config).name];
}

export function bearerToken(req: Request): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}
