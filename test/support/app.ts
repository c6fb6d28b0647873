import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { createAppContext, createWebApp } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/platform/config/app-config';
import { Clock } from '../../src/platform/clock/clock';
import { createLogger } from '../../src/platform/logging/logger';
import { Role } from '../../src/staff/role';
import { StaffService } from '../../src/staff/staff.service';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  db: TestDatabase;
  config: AppConfig;
  /** Everything the app logged, as written (JSON lines). */
  logs(): string;
  createStaff(roles: Role[], email?: string): Promise<{ id: string; email: string; password: string }>;
  close(): Promise<void>;
}

/** The app without HTTP (the services tier): its modules, jobs and workers on a real database. */
export type TestContext = Omit<TestApp, 'app' | 'url'> & { app: INestApplicationContext };

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** A second instance of a cluster passes the first one's database (and DATA_DIR in env). */
  database?: TestDatabase;
}

export const TEST_PASSWORD = 'teluk kendari pagi hari';

/**
 * Boots the whole app, as `npm start` does, on a fresh database and a free port, with cheap
 * Argon2 settings, two-factor sign-in optional, and a log captured in memory.
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  return boot(opts, async ({ config, logger, db }) => {
    const app = await createWebApp({ config, logger, databaseUrl: db.url, clock: opts.clock });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    return { app, url: `http://127.0.0.1:${port}` };
  });
}

/**
 * The services tier: the same app and settings as startTestApp, without HTTP (no port, no
 * Express, no request pipeline), for tests where a request adds nothing to what is proven.
 * Scheduled jobs stay off as in startTestApp; the workers (events, mail, audit chain) run.
 */
export async function startTestContext(opts: TestAppOptions = {}): Promise<TestContext> {
  return boot(opts, async ({ config, logger, db }) => ({
    app: await createAppContext({ config, logger, databaseUrl: db.url, clock: opts.clock, jobs: true }),
  }));
}

async function boot<A extends { app: INestApplicationContext }>(
  opts: TestAppOptions,
  create: (setup: { config: AppConfig; logger: ReturnType<typeof createLogger>; db: TestDatabase }) => Promise<A>,
): Promise<A & Omit<TestApp, 'app' | 'url'>> {
  const db = opts.database ?? (await createTestDatabase());
  const dataDir = opts.env?.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-test-'));
  // STAFF_2FA=optional so suites sign in with a password alone; test/staff-2fa.e2e-spec.ts sets `required`.
  // Scheduled jobs off: suites run a job when they mean to (test/sla-cluster.e2e-spec.ts turns the sweep on).
  const config = loadConfig({
    DATA_DIR: dataDir,
    KDF_MEMORY_KIB: '8192',
    LOG_LEVEL: 'info',
    STAFF_2FA: 'optional',
    SLA_SWEEP_CRON: 'off',
    MAIL_DIGEST_CRON: 'off',
    ALERTS_CHECK_CRON: 'off',
    AUDIT_VERIFY_CRON: 'off',
    ...opts.env,
  });
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const created = await create({ config, logger, db });
  const { app } = created;
  let n = 0;
  return {
    ...created,
    db,
    config,
    logs: () => lines.join(''),
    async createStaff(roles, email) {
      const address = email ?? `${roles.join('-')}-${++n}-${Date.now()}@kendarikota.go.id`;
      const made = await app.get(StaffService).create({ email: address, name: `Staff ${roles.join(' ')} ${n}`, roles, password: TEST_PASSWORD });
      return { id: made.staff.id, email: made.staff.email, password: TEST_PASSWORD };
    },
    async close() {
      await app.close();
      if (opts.database) return; // the first instance owns the database and DATA_DIR
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
