import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** The label of requests no route took (unknown paths, probes of the server, 404s). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route template that answered a request (`/api/v1/cases/:id`), from Express's matched
 * route and its router's base: never the concrete URL, so no case id, receipt or anything a
 * user typed ends up in a label, and the number of series stays bounded. Files served from
 * `/assets/` share one label.
 */
export function routeLabel(req: Pick<Request, 'baseUrl' | 'path'> & { route?: { path?: unknown } }, statusCode: number): string {
  const template = req.route?.path;
  if (typeof template === 'string') return `${req.baseUrl ?? ''}${template}`;
  if (statusCode < 400 && req.path.startsWith('/assets/')) return '/assets/*';
  return UNMATCHED_ROUTE;
}

/**
 * Times every request into `wbs_http_request_duration_seconds`. Nest mounts it after the
 * parsers of configure-app.ts, so the time starts when the request reaches the routes.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeRequest(routeLabel(req, res.statusCode), req.method, res.statusCode, seconds);
    });
    next();
  }
}
