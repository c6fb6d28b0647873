import type { DataSource, QueryRunner } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { withClusterLock } from './cluster-lock';
import type { ScheduledJob } from './job-scheduler';

/** What every cluster job's run tells, whatever else it counts. */
export interface ClusterJobRun {
  /** False when another instance held the job's lock, so this one did nothing. */
  ran: boolean;
}

/**
 * A scheduled job that runs once per cluster: each run tries the job's advisory lock (never
 * waits for it) and does nothing when another instance holds it. A job states its name, which
 * setting holds its cron expression, and its work; the lock, the connection it runs on and the
 * `ran` flag of its result are the same for all of them, so they are here.
 */
export abstract class ClusterJob<R extends ClusterJobRun> implements ScheduledJob {
  protected constructor(
    readonly name: string,
    private readonly cron: (config: AppConfig) => string,
    protected readonly db: DataSource,
  ) {}

  schedule(config: AppConfig): string {
    return this.cron(config);
  }

  abstract run(): Promise<R>;

  /**
   * Runs `work` under the job's cluster lock, on the lock's own connection (its transactions go
   * through `inTransaction(runner, …)`), and returns `result` (which `work` fills in) with `ran`
   * set when it got the lock.
   */
  protected async locked(result: R, work: (runner: QueryRunner, result: R) => Promise<void>): Promise<R> {
    await withClusterLock(this.db, this.name, async (runner) => {
      result.ran = true;
      await work(runner, result);
    });
    return result;
  }
}
