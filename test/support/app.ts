import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { createWebApp } from '../../src/bootstrap';
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

export const TEST_PASSWORD = 'teluk kendari pagi hari';

/**
 * Boots the whole app, as `npm start` does, on a fresh database and a free port, with cheap
 * Argon2 settings, two-factor sign-in optional, and a log captured in memory.
 */
export async function startTestApp(opts: { env?: Record<string, string>; clock?: Clock; database?: TestDatabase } = {}): Promise<TestApp> {
  // A second instance of a cluster passes the first one's database (and DATA_DIR in env).
  const db = opts.database ?? (await createTestDatabase());
  const dataDir = opts.env?.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-test-'));
  // STAFF_2FA=optional so suites sign in with a password alone; test/staff-2fa.e2e-spec.ts sets `required`.
  // Scheduled jobs off: suites run a job when they mean to (test/sla-cluster.e2e-spec.ts turns the sweep on).
  const config = loadConfig({
    DATA_DIR: dataDir, KDF_MEMORY_KIB: '8192', LOG_LEVEL: 'info', STAFF_2FA: 'optional', SLA_SWEEP_CRON: 'off', MAIL_DIGEST_CRON: 'off', ...opts.env,
  });
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const app = await createWebApp({ config, logger, databaseUrl: db.url, clock: opts.clock });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  let n = 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    db,
    config,
    logs: () => lines.join(''),
    async createStaff(roles, email) {
      const address = email ?? `${roles.join('-')}-${++n}-${Date.now()}@kendarikota.go.id`;
      const created = await app.get(StaffService).create({ email: address, name: `Staff ${roles.join(' ')} ${n}`, roles, password: TEST_PASSWORD });
      return { id: created.staff.id, email: created.staff.email, password: TEST_PASSWORD };
    },
    async close() {
      await app.close();
      if (opts.database) return; // the first instance owns the database and DATA_DIR
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
