import request from 'supertest';
import { startTestApp } from './support/app';

/**
 * In a file of its own: passport keeps strategies in a process-wide registry, so two apps in one
 * Jest module registry would share one staff strategy (see docs/decisions.md).
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
});
