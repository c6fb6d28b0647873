import type { Request, Response } from 'express';
import type { AppConfig } from '../../platform/config/app-config';
import { appCookie } from '../../platform/http/cookies';

const STAFF_COOKIE = 'wbs_staff';

/** The staff token (holding the session key) lives only in an HttpOnly, SameSite=Strict cookie. */
export function staffCookie(config: Pick<AppConfig, 'secureCookies'>) {
  return appCookie(config, STAFF_COOKIE);
}

export function setStaffCookie(res: Response, config: AppConfig, token: string): void {
  const c = staffCookie(config);
  res.cookie(c.name, token, c.options);
}

export function clearStaffCookie(res: Response, config: AppConfig): void {
  const c = staffCookie(config);
  res.clearCookie(c.name, c.options);
}

export function staffCookieToken(req: Request, config: Pick<AppConfig, 'secureCookies'>): string | null {
  const value: unknown = req?.cookies?.[staffCookie(config).name];
  return typeof value === 'string' && value !== '' ? value : null;
}
