import type { Response } from 'express';
import type { AppConfig } from '../../platform/config/app-config';
import { STAFF_COOKIE } from './staff-jwt.strategy';

/** The staff token (holding the session key) lives only in an HttpOnly, SameSite=Strict cookie. */
export function setStaffCookie(res: Response, config: AppConfig, token: string): void {
  res.cookie(STAFF_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    path: '/',
  });
}

export function clearStaffCookie(res: Response, config: AppConfig): void {
  res.clearCookie(STAFF_COOKIE, { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, path: '/' });
}
