import { Module } from '@nestjs/common';
import { eventSubscribers } from '../platform/events';
import { StaffModule } from '../staff/staff.module';
import { InsightsCountsRebuild } from './counts/insights-counts-rebuild';
import { InsightsCountsRepository } from './counts/insights-counts.repository';
import { InsightsCountsSubscriber } from './counts/insights-counts.subscriber';
import { InsightsApiController } from './insights.api.controller';
import { InsightsPagesController } from './insights.pages.controller';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';

/** Statistics for supervisors and auditors: dashboard, JSON API, CSV and XLSX exports, and the counts they read. */
@Module({
  imports: [StaffModule],
  controllers: [InsightsPagesController, InsightsApiController],
  providers: [
    InsightsService,
    InsightsRepository,
    InsightsCountsRepository,
    InsightsCountsSubscriber,
    InsightsCountsRebuild,
    // WBS_MODULES: the web part keeps the counts, like the audit recorder.
    eventSubscribers('web', InsightsCountsSubscriber),
  ],
  exports: [InsightsService, InsightsCountsRebuild],
})
export class InsightsModule {}
