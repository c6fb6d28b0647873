import type { QueryRunner } from 'typeorm';

/**
 * Savepoints of the runner's open transaction: a step that may fail (an event handler) rolls
 * back to its savepoint and leaves the rest of the transaction usable. `name` is a constant of
 * the caller's, never input.
 */
export async function savepoint(runner: QueryRunner, name: string): Promise<void> {
  await runner.query(`SAVEPOINT ${name}`);
}

/** Fails if the step swallowed a database error and left the transaction aborted. */
export async function releaseSavepoint(runner: QueryRunner, name: string): Promise<void> {
  await runner.query(`RELEASE SAVEPOINT ${name}`);
}

export async function rollbackToSavepoint(runner: QueryRunner, name: string): Promise<void> {
  await runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
}
