import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Readiness } from './readiness.service';

/** Readiness fails when the database does not answer `SELECT 1` within this long. */
export const READY_DATABASE_TIMEOUT_MS = 1000;

export interface ProbeAnswer {
  status: 200 | 503;
  body: HealthCheckResult;
}

/**
 * Liveness and readiness for orchestrators and load balancers, on terminus. Both are cheap and
 * say nothing about cases; the full picture (backlogs, mail, SLA sweep) stays on `/health`.
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
    return this.answer([() => this.indicators.check('process').up({ uptimeSeconds: Math.floor(process.uptime()) })]);
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
              await this.db.query('SELECT 1');
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
      return { status: 200, body: await this.health.check(indicators) };
    } catch (e) {
      // Terminus reports a failed check (or the app closing) as a 503 exception carrying the result.
      if (e instanceof ServiceUnavailableException) return { status: 503, body: e.getResponse() as HealthCheckResult };
      throw e;
    }
  }
}
