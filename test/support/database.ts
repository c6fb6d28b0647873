import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../src/platform/database/migrate';

export interface TestDatabase {
  url: string;
  /** Runs SQL directly, as a test's "copy of the database" view or to set up fixtures. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.WBS_TEST_SERVER_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No test database server: run through `npm test` (jest globalSetup) or set DATABASE_URL.');
  return url;
}

/** A fresh database with every migration applied, so test files never see each other's rows. */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const server = new URL(serverUrl());
  const name = `wbs_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  if (opts.migrate !== false) await runMigrations(url.toString());

  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    drop: async () => {
      await client.end();
      const a = new Client({ connectionString: server.toString() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
