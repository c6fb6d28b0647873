import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { NotFound } from '../http/domain-error';
import { OutboxRepository, ParkedDelivery } from './outbox.repository';

export type { ParkedDelivery } from './outbox.repository';

/**
 * Deliveries that ran out of tries, for the admin page: list them, and requeue one once its
 * cause is fixed. Access control and auditing belong to the calling (admin) module.
 */
@Injectable()
export class ParkedDeliveries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  list(limit = 100): Promise<ParkedDelivery[]> {
    return this.outbox.listParked(this.dataSource.manager, Math.min(Math.max(1, Math.floor(limit)), 1000));
  }

  /**
   * Makes the delivery due now with a fresh round of tries; every dispatcher is woken.
   * Throws NotFound when there is no such parked delivery (unknown, or already requeued).
   */
  async requeue(eventId: string, subscriber: string): Promise<void> {
    const requeued = await this.dataSource.transaction((manager) => this.outbox.requeueParked(manager, { eventId, subscriber }, this.clock.now()));
    if (!requeued) throw new NotFound('There is no parked delivery of this event to this subscriber.');
  }
}
