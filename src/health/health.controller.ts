import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { EventsHealth } from '../platform/events';

/** Operations: database reachable, event backlog and parked events (CONTRACT.md). No content. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsHealth,
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
    }
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', checks });
  }
}
