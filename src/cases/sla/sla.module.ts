import { Module } from '@nestjs/common';
import { scheduledJobs } from '../../platform/jobs/job-scheduler';
import { StaffModule } from '../../staff/staff.module';
import { HolidaysService } from './holidays.service';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaSweepJob } from './sla-sweep.job';
import { SlaService } from './sla.service';
import { JobsModule } from '../../platform/jobs/jobs.module';
import { CatalogModule } from '../../catalog/catalog.module';
import { CaseDeadlinesRepository } from './case-deadlines.repository';
import { HolidaysRepository } from './holidays.repository';
import { SlaPoliciesRepository } from './sla-policies.repository';

/**
 * SLA deadlines: the working-day calendar, policies, the sweep that reminds and escalates, and
 * the admins' upkeep of holidays and policies (their pages live in AdminModule).
 */
@Module({
  imports: [StaffModule, JobsModule, CatalogModule],
  providers: [SlaService, SlaSweepJob, HolidaysService, SlaPoliciesService, CaseDeadlinesRepository, HolidaysRepository, SlaPoliciesRepository, scheduledJobs('web', SlaSweepJob)],
  exports: [SlaService, SlaSweepJob, HolidaysService, SlaPoliciesService],
})
export class SlaModule {}
