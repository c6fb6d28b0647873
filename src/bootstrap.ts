import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './platform/config/app-config';
import { Clock } from './platform/clock/clock';
import { runMigrations } from './platform/database/migrate';
import { MIGRATIONS } from './migrations';
import { EmbeddedDatabase, EmbeddedOwnerKind, startEmbeddedPostgres } from './platform/database/embedded-postgres';
import { configureApp } from './platform/http/configure-app';
import { PrototypedExpressAdapter } from './platform/http/express-adapter';
import type { DatabaseRestarts } from './platform/database/database-restarts';
import { NestPinoLogger } from './platform/logging/logger';
import { AuthService } from './staff';
import { BrandingService } from './branding';
import { staffTokenFrom } from './staff';

export interface Database {
  url: string;
  /** Times the embedded server was brought back after dying (0 with DATABASE_URL). */
  readonly restarts: number;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set, else the embedded server under DATA_DIR; migrations applied. The
 * server (`owner: 'server'`) owns and supervises the embedded database; a command uses the
 * running one, or starts it and stops it when done.
 */
export async function openDatabase(config: AppConfig, logger: Logger, owner: EmbeddedOwnerKind = 'cli'): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.dataDir, (m) => logger.warn(m), { owner })).url;
  try {
    const applied = await runMigrations(url, MIGRATIONS, config.tzName);
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  return {
    url,
    get restarts() {
      return embedded?.restarts ?? 0;
    },
    stop: async () => embedded?.stop(),
  };
}

export async function createWebApp(opts: { config: AppConfig; logger: Logger; databaseUrl: string; clock?: Clock; database?: DatabaseRestarts }): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...opts, jobs: true }), new PrototypedExpressAdapter(), {
    bodyParser: false,
    logger: new NestPinoLogger(opts.logger),
  });
  const auth = app.get(AuthService);
  configureApp(app, opts.config, opts.logger, {
    isStaff: async (req) => (await auth.signedInMember(staffTokenFrom(req, opts.config))) !== null,
    pageLocals: app.get(BrandingService).pageLocals,
  });
  return app;
}

/** The app without HTTP: the CLI (no scheduled jobs, it runs them on purpose) and processes without the web part (jobs on). */
export async function createAppContext(opts: { config: AppConfig; logger: Logger; databaseUrl: string; clock?: Clock; jobs?: boolean; database?: DatabaseRestarts }): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(opts), { logger: new NestPinoLogger(opts.logger) });
}
