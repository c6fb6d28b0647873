import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { LANG_COOKIE, rememberStaffLang } from '../../platform/http/request-lang';
import { isLang } from '../../platform/i18n/i18n';
import { Forbidden, NotSignedIn } from '../../platform/http/domain-error';
import { AuthService } from '../auth.service';
import { Role } from '../role';
import { PasswordChangeRequired, SessionExpired } from '../staff.errors';
import { TotpEnrolmentRequired } from '../totp/totp.errors';
import type { StaffRef } from '../staff-ref';

const ROLES = 'wbs:roles';
const ALLOW_PENDING_PASSWORD = 'wbs:allow-pending-password';
const ALLOW_PENDING_TOTP = 'wbs:allow-pending-totp-enrolment';
const SKIP_CSRF = 'wbs:skip-csrf';

/** Only staff holding at least one of these roles may call the handler. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/** The handler stays reachable while a first-sign-in password change is pending. */
export const AllowPendingPasswordChange = () => SetMetadata(ALLOW_PENDING_PASSWORD, true);
/** The handler stays reachable while a required TOTP enrolment is pending. */
export const AllowPendingTotpEnrolment = () => SetMetadata(ALLOW_PENDING_TOTP, true);
/** The handler checks the CSRF token itself (e.g. inside a multipart body). */
export const SkipCsrf = () => SetMetadata(SKIP_CSRF, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Signs the request in from the staff token (Bearer header or HttpOnly cookie), then checks, in
 * order: pending password change, then pending TOTP enrolment (so a first sign-in changes the
 * one-time password before enrolling), roles, and — for cookie-authenticated writes — the CSRF
 * token.
 */
@Injectable()
export class StaffAuthGuard extends AuthGuard('staff-jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<Request & { user: StaffRef }>();
    const me = req.user;
    await this.followSavedLanguage(req, context.switchToHttp().getResponse<Response>(), me);
    const targets = [context.getHandler(), context.getClass()];
    if (me.mustChangePassword) {
      if (!this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD, targets)) throw new PasswordChangeRequired();
      // The password page must stay open while enrolment is pending too, or each would send to the other.
    } else if (me.totpEnrolmentPending && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_TOTP, targets)) {
      throw new TotpEnrolmentRequired();
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.some((r) => me.roles.includes(r))) throw new Forbidden();
    if (me.via === 'cookie' && !SAFE_METHODS.has(req.method) && !this.reflector.getAllAndOverride<boolean>(SKIP_CSRF, targets)) {
      const token = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
      this.auth.assertCsrf(me.sessionId, token);
    }
    return true;
  }

  /**
   * Staff pages and messages are in the member's saved language (`staff.language`, which their
   * mails use too), on any device. Following the language link on a page (`?lang=` on a GET by a
   * signed-in browser) saves the new choice; an API client's `?lang=` counts for that request only.
   */
  private async followSavedLanguage(req: Request, res: Response, me: StaffRef): Promise<void> {
    const chosen = req.query?.lang;
    if (isLang(chosen) && chosen !== me.language && me.via === 'cookie' && req.method === 'GET') {
      await this.auth.saveLanguage(me, chosen);
      me.language = chosen;
    }
    if (me.via === 'cookie' && req.cookies?.[LANG_COOKIE] !== me.language) rememberStaffLang(res, me.language);
    // requestLang() reads the cookie after the query and the form: this request follows it too.
    req.cookies = { ...req.cookies, [LANG_COOKIE]: me.language };
  }

  handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof SessionExpired || err instanceof NotSignedIn) throw err;
    if (err || !user) throw new NotSignedIn();
    return user;
  }
}
