import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Readiness } from './readiness.service';
import { pingDatabase } from '../platform/database/ping';

/** Readiness fails when the database does not answer `SELECT 1` within this long. */
export const READY_DATABASE_TIMEOUT_MS = 1000;

/** A probe answers with its status only: anyone may ask, so it tells nothing else (no uptime, no causes). */
export interface ProbeAnswer {
  status: 200 | 503;
  body: { status: 'ok' | 'error' };
}

/**
 * Liveness and readiness for orchestrators and load balancers, on terminus. Both are public,
 * cheap and answer a status only; the full picture (backlogs, mail, SLA sweep) is on `/health`,
 * for admins and monitoring only.
 */
@Injectable()
export class HealthProbes {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: Readiness,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The process runs and its event loop answers: 200 for as long as it does. */
  live(): Promise<ProbeAnswer> {
    return this.answer([() => this.indicators.check('process').up()]);
  }

  /** Worth sending requests to: not shutting down, and the database answers within 1 s. */
  ready(): Promise<ProbeAnswer> {
    return this.answer([
      () => (this.readiness.shuttingDown ? this.indicators.check('lifecycle').down({ message: 'shutting down' }) : this.indicators.check('lifecycle').up()),
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            try {
              await pingDatabase(this.db);
            } catch {
              // The driver's own message would name hosts and users on a public endpoint.
              throw new Error('database unreachable');
            }
          })
          .withTimeout(READY_DATABASE_TIMEOUT_MS),
    ]);
  }

  private async answer(indicators: HealthIndicatorFunction[]): Promise<ProbeAnswer> {
    try {
      const result: HealthCheckResult = await this.health.check(indicators);
      return { status: 200, body: { status: result.status === 'ok' ? 'ok' : 'error' } };
    } catch (e) {
      // Terminus reports a failed check (or the app closing) as a 503 exception carrying the result.
      if (e instanceof ServiceUnavailableException) return { status: 503, body: { status: 'error' } };
      throw e;
    }
  }
}
