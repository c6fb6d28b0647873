import type { DataSource } from 'typeorm';

/** One round trip to the database; throws when it cannot be reached. */
export async function pingDatabase(db: Pick<DataSource, 'query'>): Promise<void> {
  await db.query('SELECT 1');
}
