import { Injectable } from '@nestjs/common';
import { AlertsService } from '../alerts';
import type { StoredReading } from '../alerts';
import { HolidaysService } from '../cases';
import { SlaSweepJob, SweepResult } from '../cases';
import { MailQueueRepository, MailQueueSnapshot } from '../notifications';
import { Clock } from '../platform/clock/clock';
import { EventsHealth } from '../platform/events';
import type { EventsHealthSnapshot } from '../platform/events/events-health.service';

/** The cluster-wide operations figures, as the database holds them now. */
export interface ClusterFigureValues {
  at: Date;
  events: EventsHealthSnapshot;
  mail: MailQueueSnapshot;
  sweep: SweepResult | null;
  holidays: { year: number } | null;
  /** The latest reading of each alert kind (figure, threshold, above or not), and the last audit verification's summary. */
  alerts: StoredReading[];
}

/** Reads what both the detailed `/health` and `/metrics` report: outbox, mail queue, last SLA sweep, holiday calendar, alert readings. */
@Injectable()
export class ClusterFigures {
  constructor(
    private readonly events: EventsHealth,
    private readonly mail: MailQueueRepository,
    private readonly sweep: SlaSweepJob,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
    private readonly alerts: AlertsService,
  ) {}

  /** One query after the other: a reader holds at most one pooled connection at a time. */
  async read(): Promise<ClusterFigureValues> {
    const at = this.clock.now();
    return {
      at,
      events: await this.events.snapshot(),
      mail: await this.mail.snapshot(at),
      sweep: await this.sweep.lastRun(),
      holidays: await this.holidays.calendarWarning(at),
      alerts: await this.alerts.readings(),
    };
  }
}
