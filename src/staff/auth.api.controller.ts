import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { RateLimit, RateLimitGuard } from '../platform/http/rate-limit/rate-limit.guard';
import { AuthService } from './auth.service';
import { CurrentStaff } from './auth/current-staff.decorator';
import { clearStaffCookie, setStaffCookie } from './auth/session-cookie';
import { SignedInRoute } from './auth/staff-api.decorator';
import { LOGIN_SCHEMA, parseLogin } from './dto/login.dto';
import type { StaffRef } from './staff-ref';
import { parseTotpConfirm, TOTP_CONFIRM_RESPONSE, TOTP_CONFIRM_SCHEMA, TOTP_SETUP_RESPONSE } from './totp/totp-confirm.dto';

@ApiTags('staff auth')
@Controller('api/v1/auth')
export class AuthApiController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @UseGuards(RateLimitGuard)
  @RateLimit('login')
  @ApiBody({ schema: LOGIN_SCHEMA })
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Unknown addresses, deactivated accounts and wrong passwords get the same 401. Repeated failures from one client (5 per typed address, 20 in all, per 15 minutes) answer 429 with Retry-After until the window ends, whether the address exists or not. ' +
      'With TOTP enrolled, `otp` (six digits or a recovery code) is required: 401 `otp_required` or `otp_invalid` once the password was right. ' +
      'With STAFF_2FA=required and no TOTP yet, the answer carries `totpEnrolmentRequired: true` and the session reaches only /api/v1/auth/2fa/*, /me and /logout (others: 403 `totp_enrolment_required`).',
  })
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const dto = parseLogin(body);
    const result = await this.auth.login(dto.email, dto.password, dto.otp, req.ip);
    setStaffCookie(res, this.config, result.accessToken);
    return {
      accessToken: result.accessToken,
      expiresAt: result.expiresAt.toISOString(),
      mustChangePassword: result.mustChangePassword,
      totpEnrolmentRequired: result.totpEnrolmentRequired,
    };
  }

  @Get('me')
  @SignedInRoute({ pendingPassword: true })
  me(@CurrentStaff() me: StaffRef) {
    return {
      id: me.id,
      email: me.email,
      name: me.name,
      roles: me.roles,
      mustChangePassword: me.mustChangePassword,
      totpEnrolmentRequired: me.totpEnrolmentPending,
    };
  }

  @Get('2fa')
  @ApiOperation({ summary: 'Two-factor status: `{ required, enrolled, enrolledAt?, recoveryCodesLeft? }`' })
  @SignedInRoute()
  async twoFactorStatus(@CurrentStaff() me: StaffRef) {
    return this.auth.totpStatus(me);
  }

  @Post('2fa/setup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Starts TOTP enrolment with a new secret (409 when already enrolled)' })
  @ApiOkResponse({ schema: TOTP_SETUP_RESPONSE })
  @SignedInRoute()
  setupTwoFactor(@CurrentStaff() me: StaffRef) {
    return this.auth.startTotpEnrolment(me);
  }

  @Post('2fa/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Turns TOTP on with the first code; returns the recovery codes once (400 wrong code, 409 nothing pending)' })
  @ApiBody({ schema: TOTP_CONFIRM_SCHEMA })
  @ApiOkResponse({ schema: TOTP_CONFIRM_RESPONSE })
  @SignedInRoute()
  confirmTwoFactor(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.auth.confirmTotpEnrolment(me, parseTotpConfirm(body).otp);
  }

  @Post('logout')
  @HttpCode(204)
  @SignedInRoute({ pendingPassword: true })
  async logout(@CurrentStaff() me: StaffRef, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(me);
    clearStaffCookie(res, this.config);
  }
}
