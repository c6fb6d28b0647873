import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { Clock, SystemClock } from './clock/clock';
import { CryptoModule, loadDeploymentSecrets } from './crypto';
import { BackgroundPacer } from './jobs/background-pacer';
import { BackgroundWork } from './jobs/background-work';
import { LOGGER } from './logging/logger';
import { DEPLOYMENT_SECRETS, JOBS_ENABLED } from './platform.tokens';
import { RequestGate } from './http/request-gate';

export interface PlatformOptions {
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
  /** Run recurring jobs on their schedules (the web process); the CLI leaves them off. */
  jobs?: boolean;
}

/** Configuration, clock, secrets, logger and crypto, for every module. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    const secrets = loadDeploymentSecrets(opts.config.dataDir, {
      RECEIPT_SECRET: opts.config.receiptSecret ?? undefined,
      TOKEN_SECRET: opts.config.tokenSecret ?? undefined,
    });
    const providers = [
      { provide: APP_CONFIG, useValue: opts.config },
      { provide: Clock, useValue: opts.clock ?? new SystemClock() },
      { provide: DEPLOYMENT_SECRETS, useValue: secrets },
      { provide: LOGGER, useValue: opts.logger },
      { provide: JOBS_ENABLED, useValue: opts.jobs ?? false },
      { provide: RequestGate, useValue: new RequestGate(opts.config.maxInFlight) },
    ];
    return {
      module: PlatformModule,
      imports: [CryptoModule],
      providers: [...providers, BackgroundPacer, BackgroundWork],
      exports: [...providers.map((p) => p.provide), BackgroundPacer, BackgroundWork, CryptoModule],
    };
  }
}
