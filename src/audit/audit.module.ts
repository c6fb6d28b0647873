import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, runs } from '../platform/config/app-config';
import { SubscriberRegistry } from '../platform/events';
import { StaffModule } from '../staff/staff.module';
import { CasesModule } from '../cases/cases.module';
import { AuditApiController } from './audit.api.controller';
import { AuditEventsSubscriber } from './audit-events.subscriber';
import { AuditPagesController } from './audit.pages.controller';
import { AuditQueryService } from './audit-query.service';

/** The audit log's readers (pages, API, export) and the subscriber that records state changes. */
@Module({
  imports: [StaffModule, CasesModule],
  controllers: [AuditPagesController, AuditApiController],
  providers: [AuditQueryService, AuditEventsSubscriber],
})
export class AuditModule implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscribers: SubscriberRegistry,
    private readonly recorder: AuditEventsSubscriber,
  ) {}

  onModuleInit(): void {
    if (!runs(this.config, 'web')) return; // WBS_MODULES: another process runs this part
    this.subscribers.register(this.recorder);
  }
}
