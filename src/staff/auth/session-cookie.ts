import type { Request, Response } from 'express';
import type { AppConfig } from '../../platform/config/app-config';
import { appCookie, clearAppCookie, setAppCookie } from '../../platform/http/cookies';

const STAFF_COOKIE = 'wbs_staff';

/** The staff token (holding the session key) lives only in an HttpOnly, SameSite=Strict cookie. */
export function staffCookie(config: Pick<AppConfig, 'secureCookies'>) {
  return appCookie(config, STAFF_COOKIE);
}

export function setStaffCookie(res: Response, config: AppConfig, token: string): void {
  setAppCookie(res, staffCookie(config), token);
}

export function clearStaffCookie(res: Response, config: AppConfig): void {
  clearAppCookie(res, staffCookie(config));
}

export function staffCookieToken(req: Request, config: Pick<AppConfig, 'secureCookies'>): string | null {
  const value: unknown = req?.cookies?.[staffCookie(config).name];
  return typeof value === 'string' && value !== '' ? value : null;
}
