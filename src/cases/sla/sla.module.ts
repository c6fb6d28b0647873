import { Module, OnModuleInit } from '@nestjs/common';
import { JobScheduler } from '../../platform/jobs/job-scheduler';
import { HolidaysService } from './holidays.service';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaSweepJob } from './sla-sweep.job';
import { SlaService } from './sla.service';

/**
 * SLA deadlines: the working-day calendar, policies, the sweep that reminds and escalates, and
 * the admins' upkeep of holidays and policies (their pages live in AdminModule).
 */
@Module({
  providers: [SlaService, SlaSweepJob, HolidaysService, SlaPoliciesService],
  exports: [SlaService, SlaSweepJob, HolidaysService, SlaPoliciesService],
})
export class SlaModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobScheduler,
    private readonly sweep: SlaSweepJob,
  ) {}

  onModuleInit(): void {
    this.jobs.add(this.sweep);
  }
}
