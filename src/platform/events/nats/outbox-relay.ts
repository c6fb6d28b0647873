import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../clock/clock';
import { MAX_AGE_NS, NatsClient, SUBJECT_PREFIX } from './nats-client';
import { OutboxRepository } from '../outbox.repository';

const BATCH = 200;

/**
 * `EVENT_TRANSPORT=nats`: moves committed outbox rows to JetStream, each once (message id = event
 * id, so a republish after a crash between NATS's acknowledgement and the mark is dropped by the
 * stream's duplicate window), marking them relayed (`fanned_out_at`) in the transaction that
 * claimed them. Any number of processes relay; SKIP LOCKED shares the rows. While NATS is away
 * a publish fails, the transaction rolls back, and the rows wait for the next wake-up.
 *
 * NATS that comes back without its store has lost the events relayed but not yet consumed. When
 * the stream has to be created again, every event relayed within the stream's retention is
 * relayed once more: subscribers are idempotent per (event, subscriber) in the database, so
 * those already handled are only acknowledged, and nothing that was lost stays lost.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly nats: NatsClient,
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
  ) {
    nats.onStreamCreated(() => this.relayAgainSince(new Date(this.clock.now().getTime() - MAX_AGE_NS / 1e6)));
  }

  private async relayAgainSince(since: Date): Promise<void> {
    await this.outbox.relayAgainSince(this.db, since);
  }

  /** Relays until nothing is left; returns how many events went out. */
  async relayAll(): Promise<number> {
    try {
      return await this.relayBatches();
    } catch (e) {
      // A NATS restarted on an empty store answers "no responders" until the stream exists again.
      await this.nats.ensureStream().catch(() => undefined);
      throw e;
    }
  }

  private async relayBatches(): Promise<number> {
    const { js } = await this.nats.jetstream();
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(async (m) => {
        const rows = await this.outbox.claimEventsToRelay(m, BATCH);
        // Published concurrently, acknowledged each; any failure rolls the whole batch back.
        await Promise.all(
          rows.map(({ event: e }) =>
            js.publish(`${SUBJECT_PREFIX}${e.type}`, Buffer.from(JSON.stringify({ id: e.id, type: e.type, payload: e.payload, occurredAt: e.occurredAt.toISOString() })), {
              msgID: e.id,
              timeout: 5000,
            }),
          ),
        );
        await this.outbox.markFannedOut(
          m,
          rows.map((r) => r.id),
          this.clock.now(),
        );
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }
}
