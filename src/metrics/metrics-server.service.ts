import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { bearerTokenMatches } from '../platform/http/bearer-token';
import { METRICS_CHALLENGE } from './metrics-token';
import { MetricsService } from './metrics.service';
import { HealthReport } from '../health';

/** How long open scrapes may take to finish when the app stops. */
const CLOSE_GRACE_MS = 2000;

/**
 * The separate monitoring listener (METRICS_PORT on METRICS_HOST, loopback by default): serves
 * `/metrics` and the detailed `/health` and nothing else, so the port can be opened to the
 * monitoring network without exposing the app. With METRICS_TOKEN set it asks for the token too.
 * Started with the web app, closed first when it stops.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Metrics');
  private server: http.Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly health: HealthReport,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.config.metrics;
    if (port === null) return;
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(new Error(`METRICS_PORT ${port} on METRICS_HOST ${host}: ${(e as NodeJS.ErrnoException).code ?? e.message}`)));
      server.listen(port, host, () => resolve());
    });
    server.removeAllListeners('error');
    server.on('error', (e) => this.log.error(`metrics listener: ${(e as NodeJS.ErrnoException).code ?? e.name}`));
    this.server = server;
    this.log.log(`metrics on http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`);
  }

  /** Where the listener is bound (null when METRICS_PORT is unset or it has stopped). */
  address(): AddressInfo | null {
    return (this.server?.address() as AddressInfo | null) ?? null;
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, CLOSE_GRACE_MS);
      server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' && path !== '/health') return end(res, 404, 'Not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return end(res, 405, 'Method not allowed\n');
    }
    const token = this.config.metrics.token;
    if (token !== null && !bearerTokenMatches(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', METRICS_CHALLENGE);
      return end(res, 401, 'Unauthorized\n');
    }
    if (path === '/health') return this.serveHealth(req, res);
    try {
      const { contentType, body } = await this.metrics.render();
      res.setHeader('Content-Type', contentType);
      end(res, 200, req.method === 'HEAD' ? '' : body);
    } catch (e) {
      this.log.error(`metrics scrape failed: ${e instanceof Error ? e.name : 'error'}`);
      end(res, 500, 'Metrics unavailable\n');
    }
  }

  private async serveHealth(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const { status, body } = await this.health.report();
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      end(res, status, req.method === 'HEAD' ? '' : JSON.stringify(body));
    } catch (e) {
      this.log.error(`health report failed: ${e instanceof Error ? e.name : 'error'}`);
      end(res, 503, 'Health unavailable\n');
    }
  }
}

function end(res: http.ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(body);
}
