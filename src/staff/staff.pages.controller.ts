import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { textField } from '../platform/http/body-schema';
import { appCookie } from '../platform/http/cookies';
import { DomainError, ValidationFailed } from '../platform/http/domain-error';
import { fieldErrors, formErrors } from '../platform/http/form-errors';
import { RateLimit, RateLimitGuard } from '../platform/http/rate-limit/rate-limit.guard';
import { rememberStaffLang, RequestLang } from '../platform/http/request-lang';
import { isLang, Lang, t } from '../platform/i18n/i18n';
import { page, redirect } from '../platform/views/page';
import { AuthService, TotpEnrolmentPage } from './auth.service';
import { CurrentStaff } from './auth/current-staff.decorator';
import { clearStaffCookie, setStaffCookie } from './auth/session-cookie';
import { AllowPendingPasswordChange, AllowPendingTotpEnrolment, StaffAuthGuard } from './auth/staff-auth.guard';
import { StaffPageInterceptor } from './auth/staff-page.interceptor';
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
@UseInterceptors(StaffPageInterceptor)
export class StaffPagesController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Each member starts where their work is. */
  @Get()
  @UseGuards(StaffAuthGuard)
  home(@CurrentStaff() me: StaffRef) {
    return redirect(homeOf(me));
  }

  /** The sign-in pages set cookies (language, the form's token), so they keep the response. */
  @Get('login')
  loginForm(@RequestLang() lang: Lang, @Res({ passthrough: true }) res: Response, @Query('lang') chosen?: string) {
    if (isLang(chosen)) rememberStaffLang(res, chosen);
    return this.loginPage(lang, res, 200, {});
  }

  @Post('login')
  @UseGuards(RateLimitGuard)
  @RateLimit('login')
  async login(@Req() req: Request, @RequestLang() lang: Lang, @Res({ passthrough: true }) res: Response, @Body() body: Record<string, unknown>) {
    try {
      this.assertLoginCsrf(req, body._csrf);
      const dto = parseLogin(body);
      const result = await this.auth.login(dto.email, dto.password, dto.otp, req.ip);
      setStaffCookie(res, this.config, result.accessToken);
      const csrfCookie = this.loginCsrfCookie();
      res.clearCookie(csrfCookie.name, csrfCookie.options);
      return redirect(result.mustChangePassword ? '/staff/password' : result.totpEnrolmentRequired ? '/staff/2fa' : '/staff');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // A missing or wrong code is shown beside the code field; other failures above the form.
      return this.loginPage(lang, res, e.status, { email: textField(body, 'email', '').slice(0, 254), ...formErrors(e, lang) });
    }
  }

  @Post('logout')
  @UseGuards(StaffAuthGuard)
  @AllowPendingPasswordChange()
  @AllowPendingTotpEnrolment()
  async logout(@CurrentStaff() me: StaffRef, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(me);
    clearStaffCookie(res, this.config);
    return redirect('/staff/login');
  }

  @Get('password')
  @UseGuards(StaffAuthGuard)
  @AllowPendingPasswordChange()
  passwordForm(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang) {
    return passwordPage(me, lang, 200, {});
  }

  @Post('password')
  @UseGuards(StaffAuthGuard)
  @AllowPendingPasswordChange()
  async changePassword(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: Record<string, unknown>) {
    try {
      const current = textField(body, 'current_password', '');
      const next = textField(body, 'new_password', '');
      if (next !== body.confirm_password) throw new ValidationFailed([{ field: 'confirm_password', message: 'password.mismatch' }]);
      await this.auth.changePassword(me, current, next);
      return redirect(me.totpEnrolmentPending ? '/staff/2fa' : '/staff');
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      return passwordPage(me, lang, 400, { errors: fieldErrors(e, lang) });
    }
  }

  /** Enrolment (QR code, key for typing in, first code), or the status once enrolled. */
  @Get('2fa')
  @UseGuards(StaffAuthGuard)
  @AllowPendingTotpEnrolment()
  async twoFactorForm(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang) {
    return twoFactorPage(lang, 200, await this.auth.totpEnrolmentPage(me), {});
  }

  /** The first code confirms enrolment; the answer shows the recovery codes, this once. */
  @Post('2fa')
  @UseGuards(StaffAuthGuard)
  @AllowPendingTotpEnrolment()
  async confirmTwoFactor(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: Record<string, unknown>) {
    try {
      const { recoveryCodes } = await this.auth.confirmTotpEnrolment(me, textField(body, 'otp', ''));
      return page('staff/recovery-codes', { title: t(lang, 'auth.recovery_title'), recoveryCodes });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      return twoFactorPage(lang, 400, await this.auth.totpEnrolmentPage(me), { errors: fieldErrors(e, lang) });
    }
  }

  /** The sign-in form, with a fresh token for it in a cookie (there is no session yet). */
  private loginPage(lang: Lang, res: Response, status: number, extra: Record<string, unknown>) {
    const csrf = randomBytes(24).toString('base64url');
    const cookie = this.loginCsrfCookie();
    res.cookie(cookie.name, csrf, cookie.options);
    return page('staff/login', { title: t(lang, 'auth.login_title'), csrf, ...extra }, status);
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
}

function twoFactorPage(lang: Lang, status: number, enrolment: TotpEnrolmentPage, extra: Record<string, unknown>) {
  return page(
    'staff/two-factor',
    {
      title: t(lang, 'auth.totp_title'),
      ...enrolment,
      // Groups of four, as authenticator apps show a key typed in by hand.
      secretGrouped: enrolment.enrolled ? undefined : enrolment.secret.replace(/(.{4})(?=.)/g, '$1 '),
      ...extra,
    },
    status,
  );
}

function passwordPage(me: StaffRef, lang: Lang, status: number, extra: Record<string, unknown>) {
  return page('staff/password', { title: t(lang, 'auth.password_title'), forced: me.mustChangePassword, ...extra }, status);
}
