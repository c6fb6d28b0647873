import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { appCookie } from '../platform/http/cookies';
import { DomainError, ValidationFailed } from '../platform/http/domain-error';
import { RateLimit, RateLimitGuard } from '../platform/http/rate-limit/rate-limit.guard';
import { rememberStaffLang, requestLang } from '../platform/http/request-lang';
import { isLang, t } from '../platform/i18n/i18n';
import { AuthService, TotpEnrolmentPage } from './auth.service';
import { CurrentStaff } from './auth/current-staff.decorator';
import { clearStaffCookie, setStaffCookie } from './auth/session-cookie';
import { AllowPendingPasswordChange, AllowPendingTotpEnrolment, StaffAuthGuard } from './auth/staff-auth.guard';
import { parseLogin } from './dto/login.dto';
import { CsrfTokenInvalid } from './staff.errors';
import type { StaffRef } from './staff-ref';
import { Role } from './role';
import './staff.i18n';

export function homeOf(me: StaffRef): string {
  if (me.roles.includes(Role.Supervisor) || me.roles.includes(Role.Inspector)) return '/staff/cases';
  if (me.roles.includes(Role.Custodian)) return '/staff/identity-requests';
  if (me.roles.includes(Role.Auditor)) return '/staff/audit';
  if (me.roles.includes(Role.Admin)) return '/staff/admin/staff';
  // No role yet (a grant awaits a second admin's confirmation): the one page every member has.
  return '/staff/notifications';
}

@ApiExcludeController()
@Controller('staff')
export class StaffPagesController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Each member starts where their work is. */
  @Get()
  @UseGuards(StaffAuthGuard)
  home(@CurrentStaff() me: StaffRef, @Res() res: Response) {
    res.redirect(303, homeOf(me));
  }

  @Get('login')
  loginForm(@Req() req: Request, @Res() res: Response, @Query('lang') lang?: string) {
    this.rememberLang(res, lang);
    this.renderLogin(req, res, 200, {});
  }

  @Post('login')
  @UseGuards(RateLimitGuard)
  @RateLimit('login')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    try {
      this.assertLoginCsrf(req, body._csrf);
      const dto = parseLogin(body);
      const result = await this.auth.login(dto.email, dto.password, dto.otp, req.ip);
      setStaffCookie(res, this.config, result.accessToken);
      const csrfCookie = this.loginCsrfCookie();
      res.clearCookie(csrfCookie.name, csrfCookie.options);
      res.redirect(303, result.mustChangePassword ? '/staff/password' : result.totpEnrolmentRequired ? '/staff/2fa' : '/staff');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const lang = requestLang(req);
      // A missing or wrong code is shown beside the code field; other failures above the form.
      const errors = e instanceof ValidationFailed ? e.errors : e.field ? [{ field: e.field, message: e.message, params: e.params }] : [];
      this.renderLogin(req, res, e.status, {
        email: typeof body.email === 'string' ? body.email.slice(0, 254) : '',
        message: e instanceof ValidationFailed || e.field ? undefined : t(lang, e.message, e.params),
        errors: errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })),
      });
    }
  }

  @Post('logout')
  @UseGuards(StaffAuthGuard)
  @AllowPendingPasswordChange()
  @AllowPendingTotpEnrolment()
  async logout(@CurrentStaff() me: StaffRef, @Res() res: Response) {
    await this.auth.logout(me);
    clearStaffCookie(res, this.config);
    res.redirect(303, '/staff/login');
  }

  @Get('password')
  @UseGuards(StaffAuthGuard)
  @AllowPendingPasswordChange()
  passwordForm(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response) {
    res.render('staff/password', this.passwordPage(me, req, {}));
  }

  @Post('password')
  @UseGuards(StaffAuthGuard)
  @AllowPendingPasswordChange()
  async changePassword(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = requestLang(req);
    try {
      const current = typeof body.current_password === 'string' ? body.current_password : '';
      const next = typeof body.new_password === 'string' ? body.new_password : '';
      if (next !== body.confirm_password) throw new ValidationFailed([{ field: 'confirm_password', message: 'password.mismatch' }]);
      await this.auth.changePassword(me, current, next);
      res.redirect(303, me.totpEnrolmentPending ? '/staff/2fa' : '/staff');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(400).render(
        'staff/password',
        this.passwordPage(me, req, {
          errors: e.errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })),
        }),
      );
    }
  }

  /** Enrolment (QR code, key for typing in, first code), or the status once enrolled. */
  @Get('2fa')
  @UseGuards(StaffAuthGuard)
  @AllowPendingTotpEnrolment()
  async twoFactorForm(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response) {
    res.render('staff/two-factor', this.twoFactorPage(me, req, await this.auth.totpEnrolmentPage(me), {}));
  }

  /** The first code confirms enrolment; the answer shows the recovery codes, this once. */
  @Post('2fa')
  @UseGuards(StaffAuthGuard)
  @AllowPendingTotpEnrolment()
  async confirmTwoFactor(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const lang = requestLang(req);
    try {
      const { recoveryCodes } = await this.auth.confirmTotpEnrolment(me, typeof body.otp === 'string' ? body.otp : '');
      res.status(200).render('staff/recovery-codes', { layout: 'layouts/staff', lang, me, csrf: this.auth.csrfToken(me.sessionId), title: t(lang, 'auth.recovery_title'), recoveryCodes });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      res.status(400).render(
        'staff/two-factor',
        this.twoFactorPage(me, req, await this.auth.totpEnrolmentPage(me), {
          errors: e.errors.map((x) => ({ field: x.field, message: t(lang, x.message, x.params) })),
        }),
      );
    }
  }

  private twoFactorPage(me: StaffRef, req: Request, page: TotpEnrolmentPage, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    return {
      layout: 'layouts/staff',
      lang,
      me,
      csrf: this.auth.csrfToken(me.sessionId),
      title: t(lang, 'auth.totp_title'),
      ...page,
      // Groups of four, as authenticator apps show a key typed in by hand.
      secretGrouped: page.enrolled ? undefined : page.secret.replace(/(.{4})(?=.)/g, '$1 '),
      ...extra,
    };
  }

  private passwordPage(me: StaffRef, req: Request, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    return { layout: 'layouts/staff', lang, me, csrf: this.auth.csrfToken(me.sessionId), title: t(lang, 'auth.password_title'), forced: me.mustChangePassword, ...extra };
  }

  private renderLogin(req: Request, res: Response, status: number, extra: Record<string, unknown>) {
    const lang = requestLang(req);
    const csrf = randomBytes(24).toString('base64url');
    const cookie = this.loginCsrfCookie();
    res.cookie(cookie.name, csrf, cookie.options);
    res.status(status).render('staff/login', { layout: 'layouts/staff', lang, title: t(lang, 'auth.login_title'), csrf, ...extra });
  }

  /** Before sign-in there is no session to bind to: the form's token must match its cookie. */
  private assertLoginCsrf(req: Request, token: unknown) {
    const cookie = Buffer.from(String(req.cookies?.[this.loginCsrfCookie().name] ?? ''));
    const given = Buffer.from(typeof token === 'string' ? token : '');
    if (cookie.length < 16 || cookie.length !== given.length || !timingSafeEqual(cookie, given)) throw new CsrfTokenInvalid();
  }

  private loginCsrfCookie() {
    return appCookie(this.config, 'wbs_login_csrf', '/staff/login');
  }

  private rememberLang(res: Response, lang?: string) {
    if (isLang(lang)) rememberStaffLang(res, lang);
  }
}
