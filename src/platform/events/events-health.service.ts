import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { OutboxRepository } from './outbox.repository';

export interface EventsHealthSnapshot {
  /** Events not yet fanned out plus deliveries still pending (retries included). */
  backlog: number;
  /** Age of the oldest event with work still to do; null when there is none. */
  oldestPendingSeconds: number | null;
  /** Deliveries that ran out of tries and wait for an admin. */
  parked: number;
}

/** Outbox figures for `/health` (CONTRACT.md). Counts only; no payloads. */
@Injectable()
export class EventsHealth {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  async snapshot(): Promise<EventsHealthSnapshot> {
    const counts = await this.outbox.countBacklog(this.dataSource.manager);
    const oldestPendingSeconds = counts.oldestPendingAt === null ? null : Math.max(0, Math.floor((this.clock.now().getTime() - counts.oldestPendingAt.getTime()) / 1000));
    return { backlog: counts.backlog, oldestPendingSeconds, parked: counts.parked };
  }
}
