import type { Request, Response } from 'express';
import type { AppConfig } from '../platform/config/app-config';

/** The only cookie public pages ever set: after the reporter opens their case with the receipt. */
export const REPORTER_COOKIE = 'wbs_track';

export function setReporterCookie(res: Response, config: AppConfig, token: string, expiresAt: Date): void {
  res.cookie(REPORTER_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, path: '/track', expires: expiresAt });
}

export function clearReporterCookie(res: Response, config: AppConfig): void {
  res.clearCookie(REPORTER_COOKIE, { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, path: '/track' });
}

export function reporterToken(req: Request): string | undefined {
  return req.cookies?.[REPORTER_COOKIE];
}

export function bearerToken(req: Request): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}
