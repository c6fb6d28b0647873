import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

/**
 * Integration tests run on a real PostgreSQL: the server in DATABASE_URL (CI), or else an
 * embedded one under test/.artifacts, started once for the whole run. Each test file then
 * creates its own fresh database (see test/support/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.WBS_TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const db = await startEmbeddedPostgres(path.join(__dirname, '..', '.artifacts'), () => undefined);
  process.env.WBS_TEST_SERVER_URL = db.url;
  (globalThis as Record<string, unknown>).__WBS_EMBEDDED_DB__ = db;
}
