import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DeploymentSecrets } from '../platform/crypto';
import { DEPLOYMENT_SECRETS } from '../platform/platform.tokens';
import { AuthApiController } from './auth.api.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { StaffAuthGuard } from './auth/staff-auth.guard';
import { StaffJwtStrategy } from './auth/staff-jwt.strategy';
import { EscrowService } from './escrow.service';
import { FirstStartService } from './first-start.service';
import { AppSettingEntity, StaffEntity, StaffSessionEntity } from './staff.entity';
import { StaffPagesController } from './staff.pages.controller';
import { StaffService } from './staff.service';
import { StaffDirectory } from './staff-directory.repository';
import { AppSettings } from './app-settings.repository';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { RoleGrantsRepository } from './role-grants.repository';
import { StaffSessionsRepository } from './staff-sessions.repository';
import { RateLimitModule } from '../platform/http/rate-limit/rate-limit.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([StaffEntity, StaffSessionEntity, AppSettingEntity]),
    PassportModule,
    RateLimitModule,
    JwtModule.registerAsync({
      inject: [DEPLOYMENT_SECRETS],
      // A KeyObject for the same reason as in StaffJwtStrategy.
      useFactory: (secrets: DeploymentSecrets) => ({ secret: createSecretKey(secrets.tokenSecret) as unknown as Buffer, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthApiController, StaffPagesController],
  providers: [
    AppSettings,
    StaffAccountsRepository,
    RoleGrantsRepository,
    StaffSessionsRepository,
    StaffDirectory,
    StaffService,
    AuthService,
    LoginThrottle,
    EscrowService,
    StaffJwtStrategy,
    StaffAuthGuard,
    FirstStartService,
  ],
  exports: [AppSettings, StaffDirectory, StaffService, AuthService, StaffAuthGuard],
})
export class StaffModule {}
