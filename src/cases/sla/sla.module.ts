import { Module } from '@nestjs/common';
import { scheduledJobs } from '../../platform/jobs/job-scheduler';
import { StaffModule } from '../../staff/staff.module';
import { HolidaysService } from './holidays.service';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaSweepJob } from './sla-sweep.job';
import { SlaService } from './sla.service';
import { JobsModule } from '../../platform/jobs/jobs.module';

/**
 * SLA deadlines: the working-day calendar, policies, the sweep that reminds and escalates, and
 * the admins' upkeep of holidays and policies (their pages live in AdminModule).
 */
@Module({
  imports: [StaffModule, JobsModule],
  providers: [SlaService, SlaSweepJob, HolidaysService, SlaPoliciesService, scheduledJobs('web', SlaSweepJob)],
  exports: [SlaService, SlaSweepJob, HolidaysService, SlaPoliciesService],
})
export class SlaModule {}
