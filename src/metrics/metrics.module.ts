import { DynamicModule, MiddlewareConsumer, Module, NestModule, Optional } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { SlaModule } from '../cases/sla/sla.module';
import { HealthModule } from '../health/health.module';
import { NotificationsModule } from '../notifications/notifications.module';
import type { AppConfig } from '../platform/config/app-config';
import { DATABASE_RESTARTS, DatabaseRestarts } from '../platform/database/database-restarts';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsServer } from './metrics-server.service';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics (`/metrics`), never public by default: served on the main port only with
 * METRICS_TOKEN (as a Bearer token), and on a separate listener only with METRICS_PORT. With
 * neither, nothing is collected and `/metrics` is an unknown path (404). The CLI never serves it.
 */
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(opts: { config: AppConfig; jobs?: boolean; database?: DatabaseRestarts }): DynamicModule {
    const { port, token } = opts.config.metrics;
    // `jobs` marks a long-running process (web, or a part without HTTP); the CLI leaves it off.
    if (!opts.jobs || (port === null && token === null)) return { module: MetricsModule };
    return {
      module: MetricsModule,
      imports: [NotificationsModule, SlaModule, HealthModule, AlertsModule],
      controllers: token !== null ? [MetricsController] : [],
      providers: [MetricsService, MetricsServer, MetricsTokenGuard, HttpMetricsMiddleware, { provide: DATABASE_RESTARTS, useValue: opts.database ?? { restarts: 0 } }],
      exports: [MetricsService, MetricsServer],
    };
  }

  constructor(@Optional() private readonly metrics?: MetricsService) {}

  configure(consumer: MiddlewareConsumer): void {
    if (this.metrics) consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
