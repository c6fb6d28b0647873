import 'reflect-metadata';
import type { Logger } from 'pino';
import { createAppContext, createWebApp, Database, openDatabase } from './bootstrap';
import { AppConfig, ConfigError, loadConfig, runs } from './platform/config/app-config';
import { createLogger } from './platform/logging/logger';
import { Readiness } from './health';
import { BackgroundWork } from './platform/jobs/background-work';
import { FirstStartService } from './staff';
import { drainHttp } from './platform/http/drain-http';

/** Requests in flight get this long to finish after the grace period (docs: a stop takes ≤ 10 s). */
const SHUTDOWN_DRAIN_MS = 7000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config, logger, 'server');
  if (!runs(config, 'web')) return runWithoutHttp(config, logger, db);
  const app = await createWebApp({ config, logger, databaseUrl: db.url, database: db });
  // Close the app first (finish requests, stop the dispatcher), then the embedded database.
  // Handled from here on: a signal before the handler exists would kill the process outright.
  onStopSignal(logger, async () => {
    // /health/ready answers 503 from now on, and every response closes its keep-alive connection.
    app.get(Readiness).beginShutdown();
    // Background work (event deliveries, mail, audit chaining) stops first, before anything it
    // uses goes away; events committed by the requests still in flight wait in the outbox.
    const background = app.get(BackgroundWork).stopAll();
    // Stop taking requests and let those in flight finish first: Nest closes the database pool
    // before the HTTP server, which would cut transactions in progress.
    await drainHttp(app.getHttpServer(), { graceMs: config.shutdownGraceMs, deadlineMs: SHUTDOWN_DRAIN_MS });
    await background;
    await app.close();
    await db.stop();
  });

  const firstStart = app.get(FirstStartService);
  const notice = await firstStart.startupNotice(await firstStart.ensureAdmin());
  await app.listen(config.port);
  logger.info({ port: config.port, publicUrl: config.publicUrl }, 'WBS listening');
  // Last, once start-up is over, and outside the JSON log: what the operator must act on.
  if (notice) process.stdout.write(notice);
}

/**
 * A process without the web part (e.g. `WBS_MODULES=notifications` with `EVENT_TRANSPORT=nats`):
 * the same modules without an HTTP listener, consuming its events and running its jobs.
 */
async function runWithoutHttp(config: AppConfig, logger: Logger, db: Database): Promise<void> {
  const app = await createAppContext({ config, logger, databaseUrl: db.url, jobs: true, database: db });
  logger.info({ parts: [...config.parts] }, 'WBS running without HTTP');
  onStopSignal(logger, async () => {
    await app.get(BackgroundWork).stopAll();
    await app.close();
    await db.stop();
  });
}

/**
 * Stops the process on the first SIGINT or SIGTERM (a second one while stopping changes nothing):
 * `stop` closes what the process opened, then it exits 0 once its logs are out.
 */
function onStopSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await stop();
    logger.info('stopped');
    await exitAfterLogs(logger, 0);
  };
  process.on('SIGINT', () => void handle('SIGINT'));
  process.on('SIGTERM', () => void handle('SIGTERM'));
}

/**
 * pino writes to stdout asynchronously; process.exit() can drop the last lines (the stop's own
 * report) when stdout is a busy pipe. Flush first.
 */
async function exitAfterLogs(logger: Logger, code: number): Promise<never> {
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  process.exit(code);
}

main().catch((e: unknown) => {
  process.stderr.write(`WBS failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
