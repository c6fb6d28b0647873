import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import type { DeploymentSecrets } from '../../platform/crypto';
import { DEPLOYMENT_SECRETS } from '../../platform/platform.tokens';
import { AuthService, TokenClaims } from '../auth.service';
import type { StaffRef } from '../staff-ref';
import { staffCookieToken } from './session-cookie';

const fromBearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Where the token of this request was actually read. The CSRF rule depends on it: a cookie is
 * sent by the browser on its own, a Bearer header only by a client that holds the token. Deciding
 * by "is there an Authorization header" let `Authorization: Basic …` (or an empty Bearer) skip
 * the CSRF check while the cookie still signed the request in.
 */
const tokenSource = new WeakMap<Request, StaffRef['via']>();

export function staffTokenFrom(req: Request, config: Pick<AppConfig, 'secureCookies'>): { token: string; via: StaffRef['via'] } | null {
  const bearer = fromBearer(req);
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = staffCookieToken(req, config);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

@Injectable()
export class StaffJwtStrategy extends PassportStrategy(Strategy, 'staff-jwt') {
  constructor(
    @Inject(DEPLOYMENT_SECRETS) secrets: DeploymentSecrets,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: (req: Request) => {
        const found = staffTokenFrom(req, config);
        if (!found) return null;
        tokenSource.set(req, found.via);
        return found.token;
      },
      // A KeyObject, not the raw bytes: given a Buffer, jsonwebtoken first tries to parse it as a
      // public key on every verification (~280 µs each, measured by the inbox bench).
      secretOrKey: createSecretKey(secrets.tokenSecret) as unknown as Buffer,
      algorithms: ['HS256'],
      passReqToCallback: true,
    });
  }

  validate(req: Request, claims: TokenClaims): Promise<StaffRef> {
    const via = tokenSource.get(req);
    if (!via) throw new Error('token source unknown');
    return this.auth.resolveSession(claims, via);
  }
}
