import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, runs } from '../platform/config/app-config';
import { CasesModule } from '../cases/cases.module';
import { JobScheduler } from '../platform/jobs/job-scheduler';
import { IntakeModule } from '../intake/intake.module';
import { StaffModule } from '../staff/staff.module';
import { RetentionApiController } from './retention.api.controller';
import { RetentionJob } from './retention.job';
import { CaseRetentionPagesController, RetentionPoliciesPagesController } from './retention.pages.controller';
import { RetentionService } from './retention.service';
import { RetentionPoliciesRepository } from './retention-policies.repository';
import { RetentionExtensionsRepository } from './retention-extensions.repository';
import { JobsModule } from '../platform/jobs/jobs.module';

/** Retention of closed cases (issue 5): policies, extensions, the daily notice and purge. */
@Module({
  imports: [StaffModule, CasesModule, IntakeModule, JobsModule],
  controllers: [RetentionPoliciesPagesController, CaseRetentionPagesController, RetentionApiController],
  providers: [RetentionService, RetentionJob, RetentionPoliciesRepository, RetentionExtensionsRepository],
  exports: [RetentionJob],
})
export class RetentionModule implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobScheduler,
    private readonly job: RetentionJob,
  ) {}

  onModuleInit(): void {
    if (!runs(this.config, 'web')) return; // WBS_MODULES: another process runs this part
    this.jobs.add(this.job);
  }
}
