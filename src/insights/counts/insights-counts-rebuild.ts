import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { InsightsCountsRepository } from './insights-counts.repository';

/**
 * The version of the counting rules. Raise it when what the counts hold changes (a new measure,
 * another definition): every process that starts with the new code rebuilds them once.
 */
export const COUNTS_VERSION = 2; // 2: open cases per assignee and ongoing breaches (insights_now)

export interface RebuildResult {
  rebuilt: boolean;
  cases: number;
  moves: number;
  durationMs: number;
}

/**
 * Builds the statistics' counts again from the cases module's views: at start when they were
 * never built, were built by other rules (COUNTS_VERSION) or in another time zone (days are
 * local days), and on demand (`npm run cli -- insights:rebuild`).
 *
 * Events and a rebuild must neither both count a change nor both miss it. The rebuild locks the
 * counts tables first, then reads the cases (REPEATABLE READ: its snapshot is taken after the
 * lock). A change committed before the snapshot is in it, and its event's delivery either
 * recorded it before the lock (the rebuild starts from scratch anyway) or waits on the lock and
 * then finds it recorded as counted; a change committed after the snapshot is not in it, and
 * its event counts it after the rebuild. Readers of the dashboard wait for the rebuild too.
 */
@Injectable()
export class InsightsCountsRebuild implements OnApplicationBootstrap {
  private readonly logger = new Logger('Insights');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counts: InsightsCountsRepository,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const r = await this.rebuild({ onlyIfOutdated: true });
    if (r.rebuilt) this.logger.log(`statistics counts rebuilt from ${r.cases} cases and ${r.moves} status moves in ${r.durationMs} ms`);
  }

  async rebuild(opts: { onlyIfOutdated?: boolean } = {}): Promise<RebuildResult> {
    const started = Date.now();
    return this.db.transaction('REPEATABLE READ', async (m) => {
      // Deliveries' lock first, then the tables (a deadlock otherwise, seen beside another suite in CI).
      await this.counts.lockForRebuild(m);
      if (opts.onlyIfOutdated && this.current(await this.counts.state(m))) return { rebuilt: false, cases: 0, moves: 0, durationMs: 0 };
      const r = await this.counts.rebuild(m, this.config.tzName, COUNTS_VERSION, this.clock.now());
      return { rebuilt: true, ...r, durationMs: Date.now() - started };
    });
  }

  private current(state: { version: number; timeZone: string } | null): boolean {
    return state !== null && state.version === COUNTS_VERSION && state.timeZone === this.config.tzName;
  }
}
