import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../staff';
import { Role } from '../staff';
import { HealthAccessGuard } from './health-access.guard';
import { HealthReport } from './health-report.service';

/**
 * `GET /health`, the detailed view (CONTRACT.md Operations), for a signed-in admin or the metrics
 * token; the metrics port serves it too (MetricsServer). The public probes are in
 * HealthProbesController.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('health')
export class HealthController {
  constructor(private readonly report: HealthReport) {}

  @Get()
  @UseGuards(HealthAccessGuard)
  @Roles(Role.Admin)
  async health(@Res() res: Response) {
    const { status, body } = await this.report.report();
    res.status(status).json(body);
  }
}
