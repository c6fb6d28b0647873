import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { scheduledJobs } from '../platform/jobs/job-scheduler';
import { IntakeModule } from '../intake/intake.module';
import { StaffModule } from '../staff/staff.module';
import { RetentionApiController } from './retention.api.controller';
import { RetentionJob } from './retention.job';
import { CaseRetentionPagesController, RetentionPoliciesPagesController } from './retention.pages.controller';
import { RetentionService } from './retention.service';
import { JobsModule } from '../platform/jobs/jobs.module';

/** Retention of closed cases (issue 5): policies, extensions, the daily notice and purge. */
@Module({
  imports: [StaffModule, CasesModule, IntakeModule, JobsModule],
  controllers: [RetentionPoliciesPagesController, CaseRetentionPagesController, RetentionApiController],
  providers: [RetentionService, RetentionJob, scheduledJobs('web', RetentionJob)],
  exports: [RetentionJob],
})
export class RetentionModule {}
