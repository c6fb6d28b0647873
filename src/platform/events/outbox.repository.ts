import { preparedQuery } from '../database/prepared-query';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager, QueryResult } from 'typeorm';
import type { Client } from 'pg';
import type { EventPayload, StoredEvent } from './domain-event';

/** The NOTIFY channel; the outbox trigger and `requeue` send on it, the dispatcher listens. */
export const OUTBOX_CHANNEL = 'wbs_outbox';

export interface DeliveryKey {
  eventId: string;
  subscriber: string;
}

export interface ClaimedDelivery extends DeliveryKey {
  /** Tries made before this one. */
  attempts: number;
  event: StoredEvent;
}

export interface DeliveryFailure {
  /** Tries made including the failed one. */
  attempts: number;
  status: 'pending' | 'parked';
  /** Kept as it was when parking. */
  nextAttemptAt: Date | null;
  error: string;
  at: Date;
}

export interface ParkedDelivery extends DeliveryKey {
  type: string;
  attempts: number;
  lastError: string | null;
  occurredAt: Date;
  parkedAt: Date | null;
}

export interface BacklogCounts {
  /** Events not yet fanned out plus deliveries still pending. */
  backlog: number;
  /** When the oldest event with work still to do happened. */
  oldestPendingAt: Date | null;
  parked: number;
}

/**
 * Every SQL statement of the outbox and deliveries, named after its intent. Each takes the
 * manager of the transaction it belongs to: the claims only hold their locks as long as it.
 */
@Injectable()
export class OutboxRepository {
  async insertEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
    await preparedQuery(manager, 'wbs_outbox_insert', `INSERT INTO outbox (event_id, type, payload, occurred_at) VALUES ($1, $2, $3, $4)`, [
      event.id,
      event.type,
      JSON.stringify(event.payload),
      event.occurredAt,
    ]);
  }

  /** Several events in one statement (a job emitting a batch). */
  async insertEvents(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO outbox (event_id, type, payload, occurred_at)
       SELECT e.id, e.type, e.payload, e.at FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::timestamptz[]) AS e (id, type, payload, at)`,
      [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => JSON.stringify(e.payload)), events.map((e) => e.occurredAt)],
    );
  }

  /** Locks up to `limit` events not yet fanned out; other instances skip them. */
  async claimEventsToFanOut(manager: EntityManager, limit: number): Promise<Array<{ id: string; eventId: string; type: string }>> {
    const rows: Array<{ id: string; event_id: string; type: string }> = await manager.query(
      `SELECT id, event_id, type FROM outbox WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, eventId: r.event_id, type: r.type }));
  }

  async insertDeliveries(manager: EntityManager, deliveries: DeliveryKey[], dueAt: Date): Promise<void> {
    if (deliveries.length === 0) return;
    await manager.query(
      `INSERT INTO event_deliveries (event_id, subscriber, next_attempt_at)
       SELECT d.event_id, d.subscriber, $3 FROM unnest($1::uuid[], $2::text[]) AS d (event_id, subscriber)
       ON CONFLICT (event_id, subscriber) DO NOTHING`,
      [deliveries.map((d) => d.eventId), deliveries.map((d) => d.subscriber), dueAt],
    );
  }

  async markFannedOut(manager: EntityManager, outboxIds: string[], at: Date): Promise<void> {
    if (outboxIds.length === 0) return;
    await manager.query(`UPDATE outbox SET fanned_out_at = $2 WHERE id = ANY($1::bigint[])`, [outboxIds, at]);
  }

  /**
   * Locks the earliest due pending deliveries (up to `limit`) to one of `subscribers` (the ones this process
   * can run: during a rolling deploy an older instance must not claim a newer subscriber's
   * deliveries). The lock lasts until the delivery's transaction ends, so no other instance
   * runs the same delivery meanwhile.
   */
  async claimDueDeliveries(manager: EntityManager, now: Date, subscribers: string[], limit: number): Promise<ClaimedDelivery[]> {
    if (subscribers.length === 0) return [];
    const rows: Array<{
      event_id: string;
      subscriber: string;
      attempts: number;
      type: string;
      payload: EventPayload;
      occurred_at: Date;
    }> = await manager.query(
      `SELECT d.event_id, d.subscriber, d.attempts, o.type, o.payload, o.occurred_at
         FROM event_deliveries d JOIN outbox o ON o.event_id = d.event_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.subscriber = ANY($2::text[])
        ORDER BY d.next_attempt_at
        LIMIT $3
        FOR UPDATE OF d SKIP LOCKED`,
      [now, subscribers, limit],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      subscriber: r.subscriber,
      attempts: r.attempts,
      event: Object.freeze({ id: r.event_id, type: r.type, payload: r.payload, occurredAt: r.occurred_at }),
    }));
  }

  /** Marks handled deliveries done, in the transaction that ran their handlers. */
  async markAllDone(manager: EntityManager, keys: DeliveryKey[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await manager.query(
      `UPDATE event_deliveries d SET status = 'done', attempts = d.attempts + 1, done_at = $3, last_attempt_at = $3
         FROM unnest($1::uuid[], $2::text[]) AS k (event_id, subscriber)
        WHERE d.event_id = k.event_id AND d.subscriber = k.subscriber`,
      [keys.map((k) => k.eventId), keys.map((k) => k.subscriber), at],
    );
  }

  /**
   * Records a failed try. `attemptsBefore` guards against counting twice when the failure is
   * recorded outside the claiming transaction (another instance may have tried meanwhile).
   * Returns whether the row was updated.
   */
  async recordFailure(manager: EntityManager, key: DeliveryKey, attemptsBefore: number, failure: DeliveryFailure): Promise<boolean> {
    const result = await execute(
      manager,
      `UPDATE event_deliveries
          SET attempts = $4, status = $5, next_attempt_at = COALESCE($6, next_attempt_at), last_error = $7, last_attempt_at = $8
        WHERE event_id = $1 AND subscriber = $2 AND status = 'pending' AND attempts = $3`,
      [key.eventId, key.subscriber, attemptsBefore, failure.attempts, failure.status, failure.nextAttemptAt, failure.error, failure.at],
    );
    return (result.affected ?? 0) > 0;
  }

  async countBacklog(manager: EntityManager): Promise<BacklogCounts> {
    const [row]: Array<{ backlog: number; oldest: Date | null; parked: number }> = await manager.query(`
      SELECT (SELECT count(*) FROM outbox WHERE fanned_out_at IS NULL)::int
           + (SELECT count(*) FROM event_deliveries WHERE status = 'pending')::int AS backlog,
             LEAST(
               (SELECT min(occurred_at) FROM outbox WHERE fanned_out_at IS NULL),
               (SELECT min(o.occurred_at) FROM event_deliveries d JOIN outbox o ON o.event_id = d.event_id
                 WHERE d.status = 'pending')
             ) AS oldest,
             (SELECT count(*) FROM event_deliveries WHERE status = 'parked')::int AS parked`);
    return { backlog: row.backlog, oldestPendingAt: row.oldest, parked: row.parked };
  }

  async listParked(manager: EntityManager, limit: number): Promise<ParkedDelivery[]> {
    const rows: Array<{
      event_id: string;
      subscriber: string;
      type: string;
      attempts: number;
      last_error: string | null;
      occurred_at: Date;
      last_attempt_at: Date | null;
    }> = await manager.query(
      `SELECT d.event_id, d.subscriber, o.type, d.attempts, d.last_error, o.occurred_at, d.last_attempt_at
         FROM event_deliveries d JOIN outbox o ON o.event_id = d.event_id
        WHERE d.status = 'parked'
        ORDER BY d.last_attempt_at DESC NULLS LAST, d.event_id, d.subscriber
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      subscriber: r.subscriber,
      type: r.type,
      attempts: r.attempts,
      lastError: r.last_error,
      occurredAt: r.occurred_at,
      parkedAt: r.last_attempt_at,
    }));
  }

  /** Makes a parked delivery due now with a fresh round of tries, and wakes every dispatcher. */
  async requeueParked(manager: EntityManager, key: DeliveryKey, now: Date): Promise<boolean> {
    const result = await execute(
      manager,
      `UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $3
        WHERE event_id = $1 AND subscriber = $2 AND status = 'parked'`,
      [key.eventId, key.subscriber, now],
    );
    if (!result.affected) return false;
    await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return true;
  }

  // ---- EVENT_TRANSPORT=nats: the relay to JetStream and the consumers' records.

  /** Locks up to `limit` events not yet relayed, with what the stream carries; other relays skip them. */
  async claimEventsToRelay(manager: EntityManager, limit: number): Promise<Array<{ id: string; event: StoredEvent }>> {
    const rows: { id: string; event_id: string; type: string; payload: unknown; occurred_at: Date }[] = await manager.query(
      `SELECT id, event_id, type, payload, occurred_at FROM outbox WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({ id: r.id, event: { id: r.event_id, type: r.type, payload: r.payload as EventPayload, occurredAt: r.occurred_at } }));
  }

  /** Every event relayed since `since` is relayed again (a stream that came back empty). */
  async relayAgainSince(manager: EntityManager | DataSource, since: Date): Promise<void> {
    await manager.query(`UPDATE outbox SET fanned_out_at = NULL WHERE fanned_out_at >= $1`, [since]);
  }

  /**
   * Records a consumed message as done before its handler runs, in the handler's transaction;
   * false when this (event, subscriber) was handled before (or parked and requeued locally).
   */
  async claimConsumedDelivery(manager: EntityManager, key: DeliveryKey, attempt: number, now: Date): Promise<boolean> {
    const claimed: unknown[] = await manager.query(
      `INSERT INTO event_deliveries (event_id, subscriber, status, attempts, next_attempt_at, last_attempt_at, done_at)
       VALUES ($1, $2, 'done', $3, $4, $4, $4) ON CONFLICT (event_id, subscriber) DO NOTHING RETURNING 1`,
      [key.eventId, key.subscriber, attempt, now],
    );
    return claimed.length > 0;
  }

  /** A consumed message given up on: parked where `events:parked` finds it. */
  async recordParkedConsumedDelivery(manager: EntityManager | DataSource, key: DeliveryKey, attempt: number, at: Date, error: string): Promise<void> {
    await manager.query(
      `INSERT INTO event_deliveries (event_id, subscriber, status, attempts, next_attempt_at, last_attempt_at, last_error)
       VALUES ($1, $2, 'parked', $3, $4, $4, $5) ON CONFLICT (event_id, subscriber) DO NOTHING`,
      [key.eventId, key.subscriber, attempt, at, error],
    );
  }

  /** Wakes the other instances' dispatchers (they LISTEN on the channel; see listenForEvents). */
  async notifyDispatchers(manager: EntityManager | DataSource): Promise<void> {
    await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  }
}

/** Subscribes a dedicated connection to the outbox channel (the dispatcher's listener). */
export async function listenForEvents(client: Pick<Client, 'query'>): Promise<void> {
  await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
}

/** TypeORM returns `[rows, count]` for UPDATE through `manager.query`; this asks for a structured result. */
async function execute(manager: EntityManager, sql: string, params: unknown[]): Promise<QueryResult> {
  if (manager.queryRunner) return manager.queryRunner.query(sql, params, true);
  const runner = manager.connection.createQueryRunner();
  try {
    return await runner.query(sql, params, true);
  } finally {
    await runner.release();
  }
}
