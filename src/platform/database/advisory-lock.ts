import type { QueryRunner } from 'typeorm';

/**
 * Session-level advisory locks on one connection, keyed by a name: held until unlocked or the
 * connection ends, so the runner must stay connected for as long as the lock is needed.
 */
export async function tryAdvisoryLock(runner: QueryRunner, key: string): Promise<boolean> {
  const [{ locked }]: { locked: boolean }[] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [key]);
  return locked;
}

export async function advisoryUnlock(runner: QueryRunner, key: string): Promise<void> {
  await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]);
}
