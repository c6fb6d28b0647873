import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { HolidaysService } from '../cases/sla/holidays.service';
import { SlaSweepJob } from '../cases/sla/sla-sweep.job';
import { MailQueueRepository } from '../notifications/mail-queue.repository';
import { Clock } from '../platform/clock/clock';
import { EventsHealth } from '../platform/events';

/** A sweep older than this (when scheduled every minute) means no instance is sweeping. */
const SWEEP_STALE_SECONDS = 600;

/**
 * Operations: database reachable, event backlog and parked events, mail queue, last SLA sweep
 * (CONTRACT.md). No content. Parked events or mail answer 503: a notice or an effect is stuck
 * until an admin looks, which monitoring must see.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsHealth,
    private readonly mail: MailQueueRepository,
    private readonly sweep: SlaSweepJob,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async health(@Res() res: Response) {
    const checks: Record<string, unknown> = {};
    let ok = true;
    try {
      await this.db.query('SELECT 1');
      checks.database = { status: 'up' };
    } catch {
      ok = false;
      checks.database = { status: 'down' };
    }
    if (ok) {
      const snapshot = await this.events.snapshot();
      checks.events = { status: snapshot.parked > 0 ? 'degraded' : 'up', ...snapshot };
      if (snapshot.parked > 0) ok = false;
      const mail = await this.mail.snapshot(this.clock.now());
      checks.mail = { status: mail.parked > 0 ? 'degraded' : 'up', ...mail };
      if (mail.parked > 0) ok = false;
      const last = await this.sweep.lastRun();
      const age = last ? Math.round((this.clock.now().getTime() - Date.parse(last.at)) / 1000) : null;
      checks.slaSweep = last
        ? { status: last.error ? 'error' : age! > SWEEP_STALE_SECONDS ? 'stale' : 'up', lastRunAt: last.at, ageSeconds: age, durationMs: last.durationMs, reminders: last.reminders, breaches: last.breaches, escalations: last.escalations }
        : { status: 'never-run' };
      // Informational: deadlines still compute (weekends only) without a year's holidays, but wrongly.
      const missing = await this.holidays.calendarWarning(this.clock.now());
      checks.holidays = missing ? { status: 'warning', missingYear: missing.year } : { status: 'up' };
    }
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', checks });
  }
}
