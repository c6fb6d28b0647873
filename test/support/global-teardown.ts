import type { EmbeddedDatabase } from '../../src/platform/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const db = (globalThis as Record<string, unknown>).__WBS_EMBEDDED_DB__ as EmbeddedDatabase | undefined;
  await db?.stop();
}
