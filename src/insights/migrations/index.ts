import type { MigrationInterface } from 'typeorm';
import { Insights1764300013000 } from './1764300013000-insights';
import { InsightsCounts1764300020300 } from './1764300020300-insights-counts';
import { InsightsNow1764300020320 } from './1764300020320-insights-now';

/** The insights module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const INSIGHTS_MIGRATIONS: (new () => MigrationInterface)[] = [Insights1764300013000, InsightsCounts1764300020300, InsightsNow1764300020320];
