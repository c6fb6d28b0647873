// The SQL lives with the benches (plain JavaScript), so bench/insights seeds exactly what the tests do.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const seed = require('../../bench/lib/case-history-seed') as { seedCaseHistory: (db: { query: (sql: string) => Promise<unknown> }, n: number, now: Date) => Promise<void> };

/** See bench/lib/case-history-seed.js. */
export const seedCaseHistory = seed.seedCaseHistory;
