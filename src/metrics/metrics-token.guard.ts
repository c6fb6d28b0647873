import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { bearerTokenMatches } from '../platform/http/bearer-token';
import { METRICS_CHALLENGE } from './metrics-token';

/** `/metrics` on the main port answers only with `Authorization: Bearer <METRICS_TOKEN>`. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const token = this.config.metrics.token;
    if (token !== null && bearerTokenMatches(req.headers.authorization, token)) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', METRICS_CHALLENGE);
    throw new UnauthorizedException();
  }
}
