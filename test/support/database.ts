import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../src/platform/database/migrate';
import { MIGRATIONS } from '../../src/migrations';

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

function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(...statements: string[]): Promise<void> {
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    for (const sql of statements) await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Template databases are named with their creation time, so a run that was killed leaves one that a later run removes. */
const TEMPLATE_PREFIX = 'wbs_tpl_';
const STALE_TEMPLATE_SECONDS = 6 * 3600;

/**
 * Once per run (jest globalSetup): a database with every migration applied, which each test
 * file's database is copied from (`CREATE DATABASE … TEMPLATE`: a copy of the files instead
 * of running every migration again). PostgreSQL refuses to copy a database anyone is connected to, so nobody
 * may connect to it afterwards (ALLOW_CONNECTIONS false). Returns its name.
 */
export async function createTemplateDatabase(): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await dropStaleTemplates();
  await onServer(`CREATE DATABASE ${name}`);
  try {
    await runMigrations(databaseUrl(name), MIGRATIONS);
    await onServer(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } catch (e) {
    await dropTemplateDatabase(name).catch(() => undefined);
    throw e;
  }
  return name;
}

export async function dropTemplateDatabase(name: string): Promise<void> {
  await onServer(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Templates left by runs that were killed before their teardown (other runs may be going on beside this one: only old ones). */
async function dropStaleTemplates(): Promise<void> {
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  let names: string[];
  try {
    const rows = (await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEMPLATE_PREFIX}%`])).rows;
    const cutoff = Date.now() / 1000 - STALE_TEMPLATE_SECONDS;
    names = rows.map((r) => r.datname).filter((n) => Number(n.slice(TEMPLATE_PREFIX.length).split('_')[0]) < cutoff);
  } finally {
    await admin.end();
  }
  for (const name of names) await dropTemplateDatabase(name).catch(() => undefined);
}

/**
 * A fresh database with every migration applied, so test files never see each other's rows:
 * a copy of the run's template when there is one (jest globalSetup), else migrated here.
 * `migrate: false` gives an empty database, for tests of the migrations themselves.
 */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `wbs_t_${randomBytes(6).toString('hex')}`;
  const template = process.env.WBS_TEST_TEMPLATE;
  const copy = opts.migrate !== false && template;
  await onServer(copy ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  if (opts.migrate !== false && !copy) await runMigrations(url, MIGRATIONS);

  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    url,
    query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    drop: async () => {
      await client.end();
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
