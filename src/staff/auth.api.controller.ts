import { Body, Controller, Get, HttpCode, Inject, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { RateLimit, RateLimitGuard } from '../platform/http/rate-limit.guard';
import { AuthService } from './auth.service';
import { CurrentStaff } from './auth/current-staff.decorator';
import { clearStaffCookie, setStaffCookie } from './auth/session-cookie';
import { AllowPendingPasswordChange, StaffAuthGuard } from './auth/staff-auth.guard';
import { LoginDto, parseLogin } from './dto/login.dto';
import type { StaffRef } from './staff-ref';

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
  @ApiBody({ type: LoginDto })
  async login(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const dto = parseLogin(body);
    const result = await this.auth.login(dto.email, dto.password);
    setStaffCookie(res, this.config, result.accessToken);
    return { accessToken: result.accessToken, expiresAt: result.expiresAt.toISOString(), mustChangePassword: result.mustChangePassword };
  }

  @Get('me')
  @ApiBearerAuth()
  @UseGuards(StaffAuthGuard)
  @AllowPendingPasswordChange()
  me(@CurrentStaff() me: StaffRef) {
    return { id: me.id, email: me.email, name: me.name, roles: me.roles, mustChangePassword: me.mustChangePassword };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(StaffAuthGuard)
  @AllowPendingPasswordChange()
  async logout(@CurrentStaff() me: StaffRef, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(me);
    clearStaffCookie(res, this.config);
  }
}
