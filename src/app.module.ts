import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AlertsModule } from './alerts/alerts.module';
import { CasesModule } from './cases/cases.module';
import { CatalogModule } from './catalog/catalog.module';
import { BrandingModule } from './branding/branding.module';
import { HealthModule } from './health/health.module';
import { IntakeModule } from './intake/intake.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { DatabaseModule } from './platform/database/database.module';
import { RateLimitModule } from './platform/http/rate-limit/rate-limit.module';
import { EventsModule } from './platform/events';
import { JobsModule } from './platform/jobs/jobs.module';
import { AuditLogModule } from './audit/audit-log.module';
import { AuditModule } from './audit/audit.module';
import { InsightsModule } from './insights/insights.module';
import { RetentionModule } from './retention/retention.module';
import { PlatformModule, PlatformOptions } from './platform/platform.module';
import type { DatabaseRestarts } from './platform/database/database-restarts';
import { StaffModule } from './staff/staff.module';

export interface AppOptions extends PlatformOptions {
  databaseUrl: string;
  /** The embedded database's supervision, for the metrics. */
  database?: DatabaseRestarts;
}

@Module({})
export class AppModule {
  static forRoot(opts: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(opts),
        DatabaseModule.forRoot(opts.databaseUrl, opts.config.databasePoolSize),
        RateLimitModule,
        EventsModule.forRoot({ transport: opts.config.eventTransport }),
        JobsModule,
        AuditLogModule,
        CatalogModule,
        BrandingModule,
        StaffModule,
        CasesModule,
        IntakeModule,
        NotificationsModule,
        AuditModule,
        InsightsModule,
        RetentionModule,
        AlertsModule,
        HealthModule,
        MetricsModule.forRoot(opts),
        AdminModule,
      ],
    };
  }
}
