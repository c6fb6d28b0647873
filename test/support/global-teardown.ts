import type { EmbeddedDatabase } from '../../src/platform/database/embedded-postgres';
import { dropTemplateDatabase } from './database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.WBS_TEST_TEMPLATE;
  delete process.env.WBS_TEST_TEMPLATE;
  if (template) await dropTemplateDatabase(template);
  const db = (globalThis as Record<string, unknown>).__WBS_EMBEDDED_DB__ as EmbeddedDatabase | undefined;
  await db?.stop();
}
