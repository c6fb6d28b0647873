import { Module } from '@nestjs/common';
import { eventSubscribers } from '../platform/events';
import { StaffModule } from '../staff/staff.module';
import { AuditApiController } from './audit.api.controller';
import { AuditEventsSubscriber } from './audit-events.subscriber';
import { AuditPagesController } from './audit.pages.controller';
import { AuditQueryService } from './audit-query.service';

/** The audit log's readers (pages, API, export) and the subscriber that records state changes. */
@Module({
  imports: [StaffModule],
  controllers: [AuditPagesController, AuditApiController],
  providers: [AuditQueryService, AuditEventsSubscriber, eventSubscribers('web', AuditEventsSubscriber)],
})
export class AuditModule {}
