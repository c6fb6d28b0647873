import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './platform/config/app-config';
import { Clock } from './platform/clock/clock';
import { runMigrations } from './platform/database/migrate';
import { EmbeddedDatabase, startEmbeddedPostgres } from './platform/database/embedded-postgres';
import { configureApp } from './platform/http/configure-app';
import { NestPinoLogger } from './platform/logging/logger';
import { AuthService } from './staff/auth.service';
import { staffTokenFrom } from './staff/auth/staff-jwt.strategy';

export interface Database {
  url: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when set, else the embedded server under DATA_DIR; migrations applied. */
export async function openDatabase(config: AppConfig, logger: Logger): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.dataDir, (m) => logger.info(m))).url;
  try {
    const applied = await runMigrations(url);
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  return { url, stop: async () => embedded?.stop() };
}

export async function createWebApp(opts: { config: AppConfig; logger: Logger; databaseUrl: string; clock?: Clock }): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...opts, jobs: true }), {
    bodyParser: false,
    logger: new NestPinoLogger(opts.logger),
  });
  const auth = app.get(AuthService);
  configureApp(app, opts.config, opts.logger, {
    isStaff: async (req) => (await auth.signedInMember(staffTokenFrom(req, opts.config))) !== null,
  });
  return app;
}

/** The app without HTTP: the CLI (no scheduled jobs, it runs them on purpose) and processes without the web part (jobs on). */
export async function createAppContext(opts: { config: AppConfig; logger: Logger; databaseUrl: string; clock?: Clock; jobs?: boolean }): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(opts), { logger: new NestPinoLogger(opts.logger) });
}
