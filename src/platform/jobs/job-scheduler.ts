import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional, Provider, Type } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig, AppPart } from '../config/app-config';
import { registerWhenPartRuns } from '../config/part-registration';
import { describeFailure } from '../events/retry-policy';
import { JOBS_ENABLED } from '../platform.tokens';
import { BackgroundWork } from './background-work';

export interface ScheduledJob {
  /** Stable name, for logs and the registry. */
  readonly name: string;
  /** A cron expression (5 or 6 fields), or `off`. */
  schedule(config: AppConfig): string;
  run(): Promise<unknown>;
}

/**
 * Starts the recurring jobs of the web process on their cron schedules (in TZ_NAME), through
 * @nestjs/schedule's registry. The CLI boots the same modules without jobs: its commands run a
 * job once, on purpose. A run never overlaps the previous one in this process; across processes
 * each job takes its own cluster lock.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Jobs');
  private readonly jobs: ScheduledJob[] = [];
  private readonly running = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOBS_ENABLED) private readonly enabled: boolean,
    @Optional() background?: BackgroundWork,
  ) {
    background?.add(() => this.stop());
  }

  /** Called by modules in onModuleInit (through `scheduledJobs`). */
  add(job: ScheduledJob): void {
    this.jobs.push(job);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    for (const job of this.jobs) {
      const expression = job.schedule(this.config);
      if (expression === 'off') continue;
      const cron = CronJob.from({ cronTime: expression, timeZone: this.config.tzName, onTick: () => this.tick(job), start: true });
      this.registry.addCronJob(job.name, cron);
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** No new runs; the runs in progress finish (safe to call twice). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs) if (this.registry.doesExist('cron', job.name)) this.registry.deleteCronJob(job.name);
    await Promise.allSettled(this.running.values());
  }

  private tick(job: ScheduledJob): void {
    if (this.stopped || this.running.has(job.name)) return;
    const run = job
      .run()
      // A run cut short by the stop (its database going away) is not a failure to report.
      .catch((e: unknown) => (this.stopped ? this.log.log(`${job.name} cut short by the stop: ${describeFailure(e)}`) : this.log.error(`${job.name} failed: ${describeFailure(e)}`)))
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
  }
}

/** A module's provider that adds its jobs to the scheduler in the processes that run `part`. */
export function scheduledJobs(part: AppPart, ...jobs: Type<ScheduledJob>[]): Provider {
  return registerWhenPartRuns<JobScheduler, ScheduledJob>(part, JobScheduler, jobs, (scheduler, job) => scheduler.add(job));
}
