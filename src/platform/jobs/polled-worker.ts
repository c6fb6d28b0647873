import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { describeFailure } from '../events/retry-policy';
import type { BackgroundPacer } from './background-pacer';
import type { BackgroundWork } from './background-work';

/**
 * A background worker that drains a table-backed queue (mail, unchained audit entries …): woken
 * once a transaction of this process that wrote to the queue commits (never before, so it
 * never looks for rows it cannot see yet), and by a poll for work written by other instances or
 * falling due. Rounds never overlap in a process; a wake-up during a round makes it run once
 * more afterwards. Only the web process polls (`enabled`); the CLI calls `round()` itself.
 *
 * Writers mark their transaction with `PolledWorker.markWritten(manager.queryRunner, FLAG)`.
 */
export abstract class PolledWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy, EntitySubscriberInterface {
  protected abstract readonly log: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  protected stopped = false;

  protected constructor(
    protected readonly db: DataSource,
    private readonly enabled: boolean,
    private readonly flag: string,
    private readonly pollMs: number,
    /** Background work gives way to requests (BackgroundPacer) before each round. */
    private readonly roundPacer?: BackgroundPacer,
    /** Stops this worker first when the process is told to stop (main.ts). */
    background?: BackgroundWork,
  ) {
    background?.add(() => this.stop());
  }

  static markWritten(queryRunner: QueryRunner | undefined, flag: string): void {
    if (queryRunner?.data) (queryRunner.data as Record<string, unknown>)[flag] = true;
  }

  /** One pass over the queue. Errors are logged and the next wake-up tries again. */
  protected abstract round(): Promise<unknown>;

  onModuleInit(): void {
    (this.db.subscribers as EntitySubscriberInterface[]).push(this);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
    this.wake();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** A round in progress finishes; what is left waits for another instance or the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  onModuleDestroy(): void {
    const list = this.db.subscribers as EntitySubscriberInterface[];
    const i = list.indexOf(this);
    if (i >= 0) list.splice(i, 1);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    if (!data[this.flag]) return;
    delete data[this.flag];
    if (this.enabled) this.wake();
  }

  afterTransactionRollback(event: { queryRunner: { data: unknown } }): void {
    delete (event.queryRunner.data as Record<string, unknown>)[this.flag];
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (this.roundPacer ? this.roundPacer.pace() : Promise.resolve())
      .then(() => this.round())
      // A round cut short by a stop (its database going away) is not a failure to report.
      .catch((e: unknown) => (this.stopped ? this.log.log(`round cut short by the stop: ${describeFailure(e)}`) : this.log.warn(`round failed: ${describeFailure(e)}`)))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }
}
