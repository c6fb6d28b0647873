import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { DomainEvent, EVENT_TYPE_PATTERN, EventClass, EventPayload } from './domain-event';
import { InvalidEventClass, PublishedOutsideTransaction } from './events.errors';
import { OutboxRepository } from './outbox.repository';
import { OutboxNotifier } from './outbox-notifier';
import { assertSafePayload } from './payload-guard';

/**
 * Writes events to the outbox inside the caller's transaction, so an event commits or rolls
 * back with the state change it describes (DESIGN.md §3):
 *
 *   await this.dataSource.transaction(async (manager) => {
 *     await manager.insert(...);                                          // the state change
 *     await this.events.publish(manager, new ReportSubmitted({ caseId, categoryCode }));
 *   });
 */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /** Returns the new event's id. Throws if `manager` is not inside an open transaction. */
  async publish<P extends EventPayload>(manager: EntityManager, event: DomainEvent<P>): Promise<string> {
    const [id] = await this.publishAll(manager, [event]);
    return id;
  }

  /** Several events in one round trip (a job's batch); all or none, like the transaction. */
  async publishAll(manager: EntityManager, events: DomainEvent[]): Promise<string[]> {
    // Without an open transaction the insert would commit on its own: an event could then
    // exist for a change that later rolls back, which is exactly what the outbox prevents.
    const stored = events.map((event) => ({ id: randomUUID(), type: typeOf(event), payload: event.payload, occurredAt: this.clock.now() }));
    if (!manager.queryRunner?.isTransactionActive) {
      throw new PublishedOutsideTransaction(`${stored[0]?.type ?? 'An event'} was published outside a transaction; publish with the manager of the transaction that makes the change.`);
    }
    for (const e of stored) assertSafePayload(e.payload);
    if (stored.length === 1) await this.outbox.insertEvent(manager, stored[0]);
    else await this.outbox.insertEvents(manager, stored);
    if (stored.length) OutboxNotifier.markPublished(manager.queryRunner);
    return stored.map((e) => e.id);
  }
}

function typeOf(event: DomainEvent): string {
  const type = (event.constructor as Partial<EventClass>).type;
  if (typeof type !== 'string' || !EVENT_TYPE_PATTERN.test(type)) {
    throw new InvalidEventClass(`${event.constructor.name} needs a static type like "intake.report-submitted" (<module>.<past-tense>).`);
  }
  return type;
}
