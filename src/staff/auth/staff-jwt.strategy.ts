import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { DeploymentSecrets } from '../../platform/crypto';
import { DEPLOYMENT_SECRETS } from '../../platform/platform.tokens';
import { AuthService, TokenClaims } from '../auth.service';
import type { StaffRef } from '../staff-ref';

export const STAFF_COOKIE = 'wbs_staff';

function fromCookie(req: Request): string | null {
  return (req?.cookies?.[STAFF_COOKIE] as string | undefined) ?? null;
}

@Injectable()
export class StaffJwtStrategy extends PassportStrategy(Strategy, 'staff-jwt') {
  constructor(
    @Inject(DEPLOYMENT_SECRETS) secrets: DeploymentSecrets,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([ExtractJwt.fromAuthHeaderAsBearerToken(), fromCookie]),
      // A KeyObject, not the raw bytes: given a Buffer, jsonwebtoken first tries to parse it as a
      // public key on every verification (~280 µs each, measured by the inbox bench).
      secretOrKey: createSecretKey(secrets.tokenSecret) as unknown as Buffer,
      algorithms: ['HS256'],
      passReqToCallback: true,
    });
  }

  validate(req: Request, claims: TokenClaims): Promise<StaffRef> {
    if (typeof claims?.sid !== 'string' || typeof claims?.sub !== 'string' || typeof claims?.sk !== 'string') {
      throw new Error('malformed token');
    }
    return this.auth.resolveSession(claims, req.headers.authorization ? 'bearer' : 'cookie');
  }
}
