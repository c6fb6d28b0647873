import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { createTemplateDatabase } from './database';

/**
 * Integration tests run on a real PostgreSQL: the server in DATABASE_URL (CI), or else an
 * embedded one under test/.artifacts, started once for the whole run. Every migration is
 * applied once, to a template database; each test file then gets its own fresh copy of it
 * (see test/support/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.WBS_TEST_SERVER_URL = process.env.DATABASE_URL;
  } else {
    const db = await startEmbeddedPostgres(path.join(__dirname, '..', '.artifacts'), () => undefined);
    process.env.WBS_TEST_SERVER_URL = db.url;
    (globalThis as Record<string, unknown>).__WBS_EMBEDDED_DB__ = db;
  }
  process.env.WBS_TEST_TEMPLATE = await createTemplateDatabase();
}
