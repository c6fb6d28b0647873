import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg } from 'nats';
import { DataSource } from 'typeorm';
import { Clock } from '../../clock/clock';
import type { StoredEvent } from '../domain-event';
import { EVENTS_OPTIONS, EventsOptions, resolveEventsOptions } from '../events.options';
import { decideRetry, describeFailure, retryDelayMs } from '../retry-policy';
import { SubscriberRegistry } from '../subscriber-registry';
import { JOBS_ENABLED } from '../../platform.tokens';
import { EVENTS_STREAM, NatsClient, SUBJECT_PREFIX } from './nats-client';

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
 */
@Injectable()
export class NatsConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Nats');
  private readonly options: EventsOptions;
  private readonly running: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly nats: NatsClient,
    private readonly registry: SubscriberRegistry,
    private readonly clock: Clock,
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
        for (const name of this.registry.names()) {
          for (const type of this.registry.get(name)!.events) {
            const durable = durableName(name, type);
            await jsm.consumers.add(EVENTS_STREAM, {
              durable_name: durable,
              filter_subject: `${SUBJECT_PREFIX}${type}`,
              ack_policy: AckPolicy.Explicit,
              deliver_policy: DeliverPolicy.All,
              ack_wait: 60 * 1e9,
              max_deliver: -1,
            });
            const consumer = await js.consumers.get(EVENTS_STREAM, durable);
            const messages = await consumer.consume({ max_messages: 32 });
            this.running.push(messages);
            this.loops.push(this.read(name, messages));
          }
        }
        this.log.log(`consuming ${this.running.length} event streams from NATS`);
        return;
      } catch (e) {
        if (this.stopping) return;
        this.log.warn(`NATS not ready (${describeFailure(e)}); trying again`);
        await new Promise((r) => setTimeout(r, 1000));
      }
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
        const claimed: unknown[] = await tx.query(
          `INSERT INTO event_deliveries (event_id, subscriber, status, attempts, next_attempt_at, last_attempt_at, done_at)
           VALUES ($1, $2, 'done', $3, $4, $4, $4) ON CONFLICT (event_id, subscriber) DO NOTHING RETURNING 1`,
          [event.id, subscriberName, attempt, now],
        );
        if (claimed.length === 0) return; // handled before (or parked and requeued locally)
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
      await this.db.query(
        `INSERT INTO event_deliveries (event_id, subscriber, status, attempts, next_attempt_at, last_attempt_at, last_error)
         VALUES ($1, $2, 'parked', $3, $4, $4, $5) ON CONFLICT (event_id, subscriber) DO NOTHING`,
        [event.id, subscriberName, attempt, at, describeFailure(err)],
      );
      m.term();
      this.log.error(`parked ${event.type} ${event.id} to ${subscriberName} after ${attempt} tries: ${describeFailure(err)}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const messages of this.running) await messages.close().catch(() => undefined);
    await Promise.allSettled(this.loops);
  }
}
