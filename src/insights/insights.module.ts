import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { InsightsApiController } from './insights.api.controller';
import { InsightsPagesController } from './insights.pages.controller';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';

/** Statistics for supervisors and auditors: dashboard, JSON API, CSV and XLSX exports. */
@Module({
  imports: [StaffModule],
  controllers: [InsightsPagesController, InsightsApiController],
  providers: [InsightsService, InsightsRepository],
  exports: [InsightsService],
})
export class InsightsModule {}
