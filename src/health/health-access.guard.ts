import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { bearerTokenMatches } from '../platform/http/bearer-token';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { StaffAuthGuard } from '../staff';

/**
 * Who may read the detailed `GET /health` on the main port: the monitoring system with
 * METRICS_TOKEN as a Bearer token, or a signed-in staff admin (cookie session or Bearer token; the
 * handler's @Roles says admin). Anyone else gets what any staff page answers: 401 when not signed
 * in, 403 when signed in without the admin role.
 */
@Injectable()
export class HealthAccessGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly staff: StaffAuthGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const token = this.config.metrics.token;
    const req = context.switchToHttp().getRequest<Request>();
    if (token !== null && bearerTokenMatches(req.headers.authorization, token)) return true;
    return this.staff.canActivate(context);
  }
}
