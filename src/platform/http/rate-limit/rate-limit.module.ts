import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { DeploymentSecrets } from '../../crypto';
import { DEPLOYMENT_SECRETS } from '../../platform.tokens';
import { ClientKeys } from './client-keys';
import { CounterStore, MemoryCounterStore } from './counter-store';
import { PostgresCounterStore } from './rate-limit-counters.repository';
import { RateLimitGuard } from './rate-limit.guard';

/** The counters behind every rate limit and the sign-in throttle, one store per process. */
@Module({
  providers: [
    {
      provide: CounterStore,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: (config: AppConfig, db: DataSource) => (config.rateLimitStore === 'postgres' ? new PostgresCounterStore(db) : new MemoryCounterStore()),
    },
    {
      provide: ClientKeys,
      inject: [DEPLOYMENT_SECRETS],
      useFactory: (secrets: DeploymentSecrets) => new ClientKeys(secrets.tokenSecret),
    },
    RateLimitGuard,
  ],
  exports: [CounterStore, ClientKeys, RateLimitGuard],
})
export class RateLimitModule implements OnModuleDestroy {
  constructor(@Inject(CounterStore) private readonly counters: CounterStore) {}

  onModuleDestroy(): void {
    this.counters.close();
  }
}
