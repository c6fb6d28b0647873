import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { ClientConfig } from 'pg';
import { DataSource, DataSourceOptions, EntityManager, QueryRunner } from 'typeorm';
import { Clock } from '../clock/clock';
import { BackgroundPacer } from '../jobs/background-pacer';
import { BackgroundWork } from '../jobs/background-work';
import { EVENTS_OPTIONS, EventsOptions, resolveEventsOptions } from './events.options';
import { OutboxListener } from './outbox-listener';
import { OutboxRelay } from './nats/outbox-relay';
import { ClaimedDelivery, DeliveryFailure, OutboxRepository } from './outbox.repository';
import { decideRetry, describeFailure } from './retry-policy';
import { SubscriberRegistry } from './subscriber-registry';
import { releaseSavepoint, rollbackToSavepoint, savepoint } from '../database/savepoint';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** While the relay to NATS keeps failing, an error is logged this often. */
const RELAY_STUCK_REPORT_MS = 60_000;

/**
 * The in-process transport: moves events from the outbox to this process's subscribers.
 *
 * A drain (1) fans out: claims outbox rows not yet fanned out and creates one delivery per
 * registered subscriber of the event's type; (2) delivers: workers claim due pending
 * deliveries one at a time, each in its own transaction that runs the handler and marks the
 * delivery done. Claims use FOR UPDATE SKIP LOCKED, so any number of instances share the work
 * and a delivery is never run by two at once.
 *
 * Wake-ups: LISTEN on the outbox channel (a commit wakes every instance), a poll as fallback
 * that also catches retries falling due, and `drainNow()`. They coalesce: one drain runs at a
 * time per process, and a wake-up during a drain makes it run once more afterwards.
 *
 * Fan-out uses this process's registry. During a rolling deploy that adds a subscriber, an
 * older instance may fan an event out without it (and, conversely, only claims deliveries of
 * subscribers it knows); adding a subscriber for past events needs a backfill of its deliveries.
 *
 * A handler that never returns holds its delivery (and `stop()`); handlers must not wait on
 * anything unbounded.
 *
 * With `EVENT_TRANSPORT=nats` the drain relays the outbox to JetStream instead of fanning it
 * out (OutboxRelay), and NatsConsumers deliver; publishers, subscribers and the deliveries
 * table stay as they are.
 */
@Injectable()
export class EventDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Events');
  private readonly options: EventsOptions;
  private state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  private listener: OutboxListener | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private stopping: Promise<void> | null = null;
  private relayFailingSince: number | null = null;
  private relayReportedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: SubscriberRegistry,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    @Optional() @Inject(EVENTS_OPTIONS) options?: EventsOptions,
    @Optional() private readonly pacer?: BackgroundPacer,
    @Optional() private readonly outboxRelay?: OutboxRelay,
    @Optional() background?: BackgroundWork,
  ) {
    this.options = options ?? resolveEventsOptions();
    background?.add(() => this.stop());
  }

  onApplicationBootstrap(): void {
    if (this.options.autoStart) this.start();
  }

  /**
   * Stops before TypeORM's own shutdown hook (onApplicationShutdown) closes the pool that an
   * in-flight delivery still uses.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Starts listening and polling, and drains what was committed while no dispatcher ran. */
  start(): void {
    if (this.state === 'running') return;
    if (this.state === 'stopping') throw new Error('The event dispatcher is still stopping.');
    this.registry.close();
    this.state = 'running';
    this.stopping = null;
    this.listener = new OutboxListener(listenerConfig(this.dataSource), () => this.wake(), this.log, {
      minMs: this.options.listenReconnectMinMs,
      maxMs: this.options.listenReconnectMaxMs,
    });
    this.listener.start();
    this.pollTimer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.pollTimer.unref();
    this.log.log(`dispatcher started (${this.registry.names().length} subscribers)`);
    this.wake();
  }

  /**
   * Waits for the drain in flight (its current deliveries finish; no new ones start), then
   * closes the listener. Safe to call twice, or without a start (it then waits for a drainNow).
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    const wasRunning = this.state === 'running';
    this.state = 'stopping';
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    // The listener first: a stop is often followed by the database going away, and a LISTEN
    // connection cut while the drain finishes would be reported as lost and reconnected.
    const listener = this.listener;
    this.listener = null;
    await Promise.all([listener?.stop(), this.draining]);
    this.state = 'stopped';
    if (wasRunning) this.log.log('dispatcher stopped');
  }

  /** True while the LISTEN connection is up. */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /**
   * Runs a drain that starts after this call and resolves when it is done. For tests, and for
   * callers that just made work due (a requeue). Works whether or not the dispatcher runs.
   */
  async drainNow(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') return;
    this.requestDrain();
    await this.draining;
  }

  /** A transaction of this process committed events (see OutboxNotifier). */
  wakeUp(): void {
    this.wake();
  }

  private wake(): void {
    if (this.state === 'running') this.requestDrain();
  }

  private requestDrain(): void {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drainLoop();
  }

  private async drainLoop(): Promise<void> {
    try {
      do {
        this.drainAgain = false;
        await this.pacer?.pace();
        if (this.options.transport === 'nats') await this.relay();
        else await this.fanOut();
        // allSettled, not all: a drain is over only when every worker is, or two could overlap.
        const workers = await Promise.allSettled(Array.from({ length: this.options.concurrency }, (_, worker) => this.deliverUntilNoneDue(worker)));
        const failed = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
        if (failed) throw failed.reason;
      } while (this.drainAgain && !this.isStopping());
    } catch (err) {
      // Typically the database is unreachable; the next poll or notification tries again. While
      // stopping it is the stop itself (the embedded database stops on the same signal): what
      // was not delivered stays pending for the next start, so it is not an error.
      if (this.isStopping()) this.log.log(`event drain cut short by the stop: ${describeFailure(err)}`);
      else this.log.error(`event drain failed: ${describeFailure(err)}`);
    } finally {
      // Cleared in the same synchronous step as the last drainAgain check, so a wake-up can
      // never fall between "no more to do" and "not draining".
      this.draining = null;
    }
  }

  private isStopping(): boolean {
    return this.state === 'stopping' || this.state === 'stopped';
  }

  /**
   * With NATS the outbox goes to JetStream instead of being fanned out here; consumers
   * (NatsConsumers) deliver. Deliveries still pending in the table (requeued parked ones) are
   * delivered by the workers below as before. NATS being away is not this drain's failure:
   * the rows wait for the next wake-up or poll.
   */
  private async relay(): Promise<void> {
    try {
      await this.outboxRelay!.relayAll();
      if (this.relayFailingSince) this.log.log('outbox relay to NATS works again');
      this.relayFailingSince = null;
    } catch (e) {
      // Real time, not the injected clock: this is about how long the process has been stuck.
      const now = Date.now();
      if (!this.relayFailingSince) {
        this.log.warn(`outbox relay to NATS failed, retrying: ${describeFailure(e)}`);
        this.relayFailingSince = now;
        this.relayReportedAt = now;
      } else if (now - this.relayReportedAt >= RELAY_STUCK_REPORT_MS) {
        // Events wait in the outbox meanwhile (wbs_outbox_oldest_pending_seconds grows).
        this.log.error(`outbox relay to NATS stuck for ${Math.round((now - this.relayFailingSince) / 1000)} s: ${describeFailure(e)}`);
        this.relayReportedAt = now;
      }
    }
  }

  private async fanOut(): Promise<void> {
    for (;;) {
      const claimed = await this.dataSource.transaction(async (manager) => {
        const events = await this.outbox.claimEventsToFanOut(manager, this.options.fanOutBatchSize);
        const now = this.clock.now();
        const deliveries = events.flatMap((e) => this.registry.subscribersOf(e.type).map((subscriber) => ({ eventId: e.eventId, subscriber })));
        await this.outbox.insertDeliveries(manager, deliveries, now);
        await this.outbox.markFannedOut(
          manager,
          events.map((e) => e.id),
          now,
        );
        return events.length;
      });
      if (claimed < this.options.fanOutBatchSize || this.isStopping()) return;
    }
  }

  /** While requests are busy (BackgroundPacer), one worker goes on, paced; the others rest. */
  private async deliverUntilNoneDue(worker: number): Promise<void> {
    while (!this.isStopping() && (await this.deliverBatch())) {
      if (this.pacer?.busy && worker > 0) return;
      await this.pacer?.pace();
    }
  }

  /**
   * Claims up to `deliveryBatchSize` due deliveries in one transaction, runs each handler behind
   * its own savepoint and marks the successful ones done together before the commit: one
   * transaction per batch instead of per delivery, which matters because a busy queue shares
   * the machine with intake. A failing handler only undoes its own writes, and its failure is
   * recorded in the same transaction. When the dispatcher is stopping, the handlers not yet
   * started are left pending. False when none was due.
   */
  private async deliverBatch(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let claimed: ClaimedDelivery[] = [];
    try {
      await runner.startTransaction();
      claimed = await this.outbox.claimDueDeliveries(runner.manager, this.clock.now(), this.registry.names(), this.options.deliveryBatchSize);
      if (claimed.length === 0) {
        await runner.commitTransaction();
        return false;
      }
      const done: ClaimedDelivery[] = [];
      const failed: Array<[ClaimedDelivery, DeliveryFailure]> = [];
      for (const delivery of claimed) {
        if (this.isStopping()) break;
        const failure = await this.runHandler(runner, delivery);
        if (failure) failed.push([delivery, failure]);
        else done.push(delivery);
      }
      await this.outbox.markAllDone(runner.manager, done, this.clock.now());
      await runner.commitTransaction();
      for (const [delivery, failure] of failed) this.logFailure(delivery, failure);
      for (const d of done) this.log.debug(`delivered ${d.event.type} ${d.eventId} to ${d.subscriber}`);
      return true;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      // The claimed deliveries' fate was not recorded (e.g. the commit itself failed): record it
      // apart, so a handler whose transaction cannot commit still ends up parked. Not when
      // stopping: the claim was rolled back, the deliveries are pending as they were.
      if (claimed.length && !this.isStopping()) {
        for (const delivery of claimed) await this.recordFailureApart(delivery, err);
        return true;
      }
      throw err;
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs the handler behind a savepoint: if it throws, its writes are undone while the claim's
   * row lock is kept, and the failure is recorded in the same transaction. Another instance
   * therefore cannot run the delivery between the failure and its record. Returns the failure,
   * or null when the handler succeeded.
   */
  private async runHandler(runner: QueryRunner, claimed: ClaimedDelivery): Promise<DeliveryFailure | null> {
    const subscriber = this.registry.get(claimed.subscriber)!;
    await savepoint(runner, 'event_handler');
    try {
      await subscriber.handle(claimed.event, runner.manager);
      // Fails if the handler swallowed a database error and left the transaction aborted.
      await releaseSavepoint(runner, 'event_handler');
      return null;
    } catch (err) {
      await rollbackToSavepoint(runner, 'event_handler');
      return this.recordFailure(runner, claimed, err);
    }
  }

  private async recordFailure(runner: QueryRunner, claimed: ClaimedDelivery, err: unknown): Promise<DeliveryFailure> {
    const failure = this.failureOf(claimed, err);
    await this.outbox.recordFailure(runner.manager, claimed, claimed.attempts, failure);
    return failure;
  }

  private async recordFailureApart(claimed: ClaimedDelivery, err: unknown): Promise<void> {
    const failure = this.failureOf(claimed, err);
    try {
      const recorded = await this.dataSource.transaction((manager: EntityManager) => this.outbox.recordFailure(manager, claimed, claimed.attempts, failure));
      if (recorded) this.logFailure(claimed, failure);
    } catch (recordErr) {
      // The database is probably gone; the delivery stays pending and is tried again later.
      this.log.error(`could not record the failure of ${claimed.event.type} ${claimed.eventId} to ${claimed.subscriber}: ${describeFailure(recordErr)}`);
      throw recordErr;
    }
  }

  private failureOf(claimed: ClaimedDelivery, err: unknown): DeliveryFailure {
    const at = this.clock.now();
    const attempts = claimed.attempts + 1;
    const decision = decideRetry(attempts, at, this.options.retry);
    return {
      attempts,
      status: decision.park ? 'parked' : 'pending',
      nextAttemptAt: decision.park ? null : decision.nextAttemptAt,
      error: describeFailure(err),
      at,
    };
  }

  private logFailure(claimed: ClaimedDelivery, failure: DeliveryFailure): void {
    const what = `${claimed.event.type} ${claimed.eventId} to ${claimed.subscriber}, attempt ${failure.attempts}`;
    if (failure.status === 'parked') this.log.error(`parked ${what}: ${failure.error}`);
    else this.log.warn(`failed ${what}, retry at ${failure.nextAttemptAt!.toISOString()}: ${failure.error}`);
  }
}

/** The LISTEN connection uses the same server and credentials as the TypeORM pool. */
export function listenerConfig(dataSource: DataSource): ClientConfig {
  const o = dataSource.options as PostgresOptions;
  // TypeORM hands the same `ssl` value to pg; only node's TLS typings differ between the two.
  const ssl = o.ssl === undefined ? {} : { ssl: o.ssl as ClientConfig['ssl'] };
  if (o.url) return { connectionString: o.url, ...ssl };
  return { host: o.host, port: o.port, user: o.username, password: o.password, database: o.database, ...ssl };
}
