import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JetStreamManager, JsMsg } from 'nats';
import { DataSource } from 'typeorm';
import { Clock } from '../../clock/clock';
import type { StoredEvent } from '../domain-event';
import { EVENTS_OPTIONS, EventsOptions, resolveEventsOptions } from '../events.options';
import { decideRetry, describeFailure, retryDelayMs } from '../retry-policy';
import { SubscriberRegistry } from '../subscriber-registry';
import { JOBS_ENABLED } from '../../platform.tokens';
import { EVENTS_STREAM, NatsClient, SUBJECT_PREFIX } from './nats-client';
import { OutboxRepository } from '../outbox.repository';

/** How often a consuming process checks that the stream and its consumers still exist. */
const WATCH_MS = 5000;

/** Durable consumer names may not contain dots. */
export function durableName(subscriber: string, type: string): string {
  return `${subscriber}__${type}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * `EVENT_TRANSPORT=nats`: each subscriber of this process reads its events from a durable
 * JetStream consumer per event type (explicit acknowledgement), shared by every process running
 * that subscriber, so each event is handled by one of them. The idempotency record of DESIGN.md
 * §3 still guards each effect: the handler runs in a transaction that first inserts
 * (event, subscriber) as done; a redelivered event finds it and is only acknowledged.
 * A failing handler is retried with the same backoff as the in-process dispatcher (NAK with a
 * delay) and parked after the last try: recorded `parked`, shown on /health, requeued by an
 * admin into the in-process dispatcher.
 *
 * A NATS that restarted without its store has neither stream nor consumers; the reading loops
 * then wait for ever. A watch every few seconds declares whatever is missing again (the relay
 * then re-sends what the lost store held, see OutboxRelay), and the loops resume by themselves.
 */
@Injectable()
export class NatsConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Nats');
  private readonly options: EventsOptions;
  private readonly running: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private stopping = false;
  private watch: NodeJS.Timeout | null = null;
  private watching = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly nats: NatsClient,
    private readonly registry: SubscriberRegistry,
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
    @Optional() @Inject(EVENTS_OPTIONS) options?: EventsOptions,
    @Optional() @Inject(JOBS_ENABLED) private readonly longRunning?: boolean,
  ) {
    this.options = options ?? resolveEventsOptions();
  }

  onApplicationBootstrap(): void {
    // Only long-running processes consume: a CLI command publishes and leaves.
    if (!this.nats.enabled || !this.options.autoStart || !this.longRunning) return;
    void this.start().catch((e: unknown) => this.log.error(`consumers did not start: ${describeFailure(e)}`));
  }

  /** Creates (or finds) the durable consumers of this process's subscribers and starts reading. */
  async start(): Promise<void> {
    for (;;) {
      try {
        const { js, jsm } = await this.nats.jetstream();
        for (const { name, type, durable } of this.durables()) {
          await this.declare(jsm, durable, type);
          const consumer = await js.consumers.get(EVENTS_STREAM, durable);
          const messages = await consumer.consume({ max_messages: 32 });
          this.running.push(messages);
          this.loops.push(this.read(name, messages));
        }
        this.log.log(`consuming ${this.running.length} event streams from NATS`);
        this.watch = setInterval(() => void this.check(), WATCH_MS);
        this.watch.unref();
        return;
      } catch (e) {
        if (this.stopping) return;
        this.log.warn(`NATS not ready (${describeFailure(e)}); trying again`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private durables(): Array<{ name: string; type: string; durable: string }> {
    return this.registry.names().flatMap((name) => this.registry.get(name)!.events.map((type) => ({ name, type, durable: durableName(name, type) })));
  }

  private async declare(jsm: JetStreamManager, durable: string, type: string): Promise<void> {
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: durable,
      filter_subject: `${SUBJECT_PREFIX}${type}`,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 60 * 1e9,
      max_deliver: -1,
    });
  }

  /** Declares the stream and this process's consumers again where NATS has lost them. */
  async check(): Promise<void> {
    if (this.watching || this.stopping) return;
    this.watching = true;
    try {
      await this.nats.ensureStream();
      const { jsm } = await this.nats.jetstream();
      const present = new Set((await jsm.consumers.list(EVENTS_STREAM).next()).map((c) => c.name));
      for (const { type, durable } of this.durables()) {
        if (present.has(durable)) continue;
        await this.declare(jsm, durable, type);
        this.log.warn(`NATS consumer ${durable} was missing: created`);
      }
    } catch (e) {
      // NATS away: the connection reconnects by itself, and the next check tries again.
      this.log.debug(`NATS check failed: ${describeFailure(e)}`);
    } finally {
      this.watching = false;
    }
  }

  private async read(subscriber: string, messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      await this.handle(subscriber, m).catch((e: unknown) => {
        // The database is unreachable, most likely: NATS delivers again after a pause.
        this.log.warn(`${subscriber}: ${describeFailure(e)}`);
        m.nak(1000);
      });
    }
  }

  private async handle(subscriberName: string, m: JsMsg): Promise<void> {
    const raw = JSON.parse(Buffer.from(m.data).toString('utf8')) as { id: string; type: string; payload: StoredEvent['payload']; occurredAt: string };
    const event: StoredEvent = Object.freeze({ id: raw.id, type: raw.type, payload: raw.payload, occurredAt: new Date(raw.occurredAt) });
    const subscriber = this.registry.get(subscriberName)!;
    const attempt = m.info.redeliveryCount; // 1 on the first delivery
    try {
      await this.db.transaction(async (tx) => {
        const now = this.clock.now();
        if (!(await this.outbox.claimConsumedDelivery(tx, { eventId: event.id, subscriber: subscriberName }, attempt, now))) return; // handled before (or parked and requeued locally)
        await subscriber.handle(event, tx);
      });
      m.ack();
    } catch (err) {
      const decision = decideRetry(attempt, this.clock.now(), this.options.retry);
      if (!decision.park) {
        m.nak(retryDelayMs(attempt, this.options.retry));
        this.log.warn(`failed ${event.type} ${event.id} to ${subscriberName}, attempt ${attempt}: ${describeFailure(err)}`);
        return;
      }
      const at = this.clock.now();
      await this.outbox.recordParkedConsumedDelivery(this.db, { eventId: event.id, subscriber: subscriberName }, attempt, at, describeFailure(err));
      m.term();
      this.log.error(`parked ${event.type} ${event.id} to ${subscriberName} after ${attempt} tries: ${describeFailure(err)}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.watch) clearInterval(this.watch);
    for (const messages of this.running) await messages.close().catch(() => undefined);
    await Promise.allSettled(this.loops);
  }
}
