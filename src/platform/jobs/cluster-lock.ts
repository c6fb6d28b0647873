import type { DataSource, QueryRunner } from 'typeorm';
import { advisoryUnlock, tryAdvisoryLock } from '../database/advisory-lock';

export type LockedRun<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `fn` only if no other process of the cluster is running the same job: a PostgreSQL
 * session advisory lock, tried (never waited for) on a connection held for the whole run.
 * `fn` gets that connection so its transactions run on it (a second pooled connection per job
 * is not needed, and the lock is released whatever happens when the connection is).
 */
export async function withClusterLock<T>(db: DataSource, job: string, fn: (runner: QueryRunner) => Promise<T>): Promise<LockedRun<T>> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    if (!(await tryAdvisoryLock(runner, `wbs:job:${job}`))) return { ran: false };
    try {
      return { ran: true, value: await fn(runner) };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await advisoryUnlock(runner, `wbs:job:${job}`).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/** Runs `fn` in a transaction on the job's own connection. */
export async function inTransaction<T>(runner: QueryRunner, fn: () => Promise<T>): Promise<T> {
  await runner.startTransaction();
  try {
    const value = await fn();
    await runner.commitTransaction();
    return value;
  } catch (e) {
    await runner.rollbackTransaction().catch(() => undefined);
    throw e;
  }
}
