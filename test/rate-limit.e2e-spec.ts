import request from 'supertest';
import { startTestApp } from './support/app';

/**
 * In a file of its own: passport keeps strategies in a process-wide registry, so two apps in one
 * Jest module registry would share one staff strategy (see docs/decisions.md). The two instances
 * below share one database and one DATA_DIR (so one deployment secret), as a cluster does.
 */
describe('rate limits', () => {
  it('throttles receipt guessing with 429, keyed without storing the address', async () => {
    const throttled = await startTestApp({ env: { RATE_LIMIT_TRACK: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await request(throttled.url).post('/api/v1/track').send({ receipt: 'ABCD-EFGH-JKMN-PQRS' })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await request(throttled.url).post('/track').type('form').send({ receipt: 'ABCD-EFGH-JKMN-PQRS' }).expect(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(throttled.logs()).not.toMatch(/127\.0\.0\.1/);
    } finally {
      await throttled.close();
    }
  });

  it('holds one limit across two instances sharing the database (RATE_LIMIT_STORE=postgres)', async () => {
    const first = await startTestApp({ env: { RATE_LIMIT_TRACK: '4', RATE_LIMIT_STORE: 'postgres' } });
    const second = await startTestApp({ database: first.db, env: { DATA_DIR: first.config.dataDir, RATE_LIMIT_TRACK: '4', RATE_LIMIT_STORE: 'postgres' } });
    try {
      const statuses: number[] = [];
      for (const app of [first, second, first, second, first, second]) {
        statuses.push((await request(app.url).post('/api/v1/track').send({ receipt: 'ABCD-EFGH-JKMN-PQRS' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
      // What the table holds: a keyed hash and a count, never the address.
      const rows = await first.db.query<{ key: string; count: number }>(`SELECT key, count FROM rate_limit_counters`);
      expect(rows.map((r) => r.count)).toContain(6);
      expect(JSON.stringify(rows)).not.toMatch(/127\.0\.0\.1|localhost/);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
