import { Client } from 'pg';
import request from 'supertest';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { bearer } from './support/pages';

/**
 * The dashboard at scale, run by hand: WBS_INSIGHTS_SCALE_URL names a database holding about a
 * million cases with their status history and breaches (migrated or not; the app migrates it).
 * Times the API with and without filters, a few rounds each after one warm-up.
 */
const url = process.env.WBS_INSIGHTS_SCALE_URL;
(url ? describe : describe.skip)('Insights at scale', () => {
  let t: TestApp;
  let token = '';

  beforeAll(async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    t = await startTestApp({
      clock: new FixedClock(new Date('2026-11-28T16:45:00Z')),
      env: { RATE_LIMIT_LOGIN: '1000' },
      database: { url: url!, query: async (sql, params) => (await client.query(sql, params as unknown[])).rows, drop: () => client.end() },
    });
    const sup = await t.createStaff([Role.Supervisor]);
    token = await bearer(t, sup);
  }, 600_000);
  afterAll(() => t?.close());

  it.each([
    ['default: last 12 months', ''],
    ['one category', '?category=corruption'],
    ['two years', '?from=2024-11-28&to=2026-11-28'],
    ['one month', '?from=2026-10-01&to=2026-10-31'],
  ])('answers %s', async (_label, query) => {
    await request(t.url).get(`/api/v1/stats${query}`).set('Authorization', token).expect(200);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      await request(t.url).get(`/api/v1/stats${query}`).set('Authorization', token).expect(200);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`insights ${_label}: median ${times[2].toFixed(0)} ms, max ${times[4].toFixed(0)} ms\n`);
    expect(times[2]).toBeLessThan(2000);
  });
});
