import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One step of a migration: a statement run as it is, or (rarely) code that needs the runner, such as a guard that refuses to go on. */
export type MigrationStep = string | ((q: QueryRunner) => Promise<void>);

/**
 * A migration that is a list of statements, run in order: most of ours are, and a class per file
 * repeated the same `up`/`down` frame around them. The statements stay as they were reviewed and
 * released (existing databases ran them, so they never change). The class gets `name` both as its
 * own name and as its `name` field: TypeORM records the migration under it and reads the
 * 13-digit timestamp at its end, and so does `migrationTimestamp`.
 */
export function sqlMigration(name: string, steps: { up: readonly MigrationStep[]; down: readonly MigrationStep[] }): new () => MigrationInterface {
  const migration = class implements MigrationInterface {
    readonly name = name;

    up(q: QueryRunner): Promise<void> {
      return runSteps(q, steps.up);
    }

    down(q: QueryRunner): Promise<void> {
      return runSteps(q, steps.down);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

async function runSteps(q: QueryRunner, steps: readonly MigrationStep[]): Promise<void> {
  for (const step of steps) {
    if (typeof step === 'string') await q.query(step);
    else await step(q);
  }
}
