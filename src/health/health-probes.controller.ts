import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import type { Response } from 'express';
import { HealthProbes } from './health-probes.service';

/**
 * `GET /health/live` and `GET /health/ready`, public, answering `{ "status": "ok" | "error" }`
 * with 200 or 503 (CONTRACT.md Operations). The detailed `GET /health` is HealthController's.
 */
@ApiTags('operations')
@Controller('health')
export class HealthProbesController {
  constructor(private readonly probes: HealthProbes) {}

  @Get('live')
  @HealthCheck()
  async live(@Res() res: Response): Promise<void> {
    const { status, body } = await this.probes.live();
    res.status(status).json(body);
  }

  @Get('ready')
  @HealthCheck()
  async ready(@Res() res: Response): Promise<void> {
    const { status, body } = await this.probes.ready();
    res.status(status).json(body);
  }
}
