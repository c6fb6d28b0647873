import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { JobScheduler } from './job-scheduler';

/** Recurring jobs (SLA sweep, mail digest …) registered by their modules. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [JobScheduler],
  exports: [JobScheduler],
})
export class JobsModule {}
