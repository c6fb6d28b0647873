import request from 'supertest';
import { InsightsCountsRebuild } from '../src/insights/counts/insights-counts-rebuild';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { seedCaseHistory } from './support/insights-seed';
import { bearer } from './support/pages';

/**
 * The statistics over a million cases, run by hand (about a minute of seeding):
 *
 *   WBS_INSIGHTS_SCALE=1 DATABASE_URL=… npx jest test/insights-scale.e2e-spec.ts
 *
 * Seeds cases submitted one every 63 s over two years up to now (as bench/inbox), each with its
 * status history (received → verifying → investigating or closed-rejected → closed), an
 * assignment from verifying on, and a verification or investigation breach for about one case
 * in seven; then times GET /api/v1/stats, and prints the times. The bound is loose: it catches
 * a plan that reads the tables instead of the indexes, not a slow machine.
 */
const CASES = Number(process.env.WBS_INSIGHTS_SCALE_CASES ?? 1_000_000);
const NOW = new Date('2026-11-28T16:45:00Z');

(process.env.WBS_INSIGHTS_SCALE ? describe : describe.skip)('Insights at scale', () => {
  let t: TestApp;
  let token = '';
  const times: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW), env: { RATE_LIMIT_LOGIN: '1000' } });
    token = await bearer(t, await t.createStaff([Role.Supervisor]));
    await seedCaseHistory(t.db, CASES, NOW);
    await t.app.get(InsightsCountsRebuild).rebuild();
  }, 900_000);
  afterAll(async () => {
    console.log(`GET /api/v1/stats over ${CASES.toLocaleString('en')} cases (median of 5, after a warm-up):\n${times.join('\n')}`);
    await t?.close();
  });

  it.each([
    ['default period (last 12 months)', ''],
    ['default period, one category', '?category=corruption'],
    ['one month', '?from=2026-10-01&to=2026-10-31'],
    ['two years', '?from=2024-11-29&to=2026-11-28'],
  ])('answers: %s', async (label, query) => {
    const get = () => request(t.url).get(`/api/v1/stats${query}`).set('Authorization', token).expect(200);
    await get();
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = process.hrtime.bigint();
      await get();
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    ms.sort((a, b) => a - b);
    times.push(`  ${label}: ${ms[2].toFixed(0)} ms (fastest ${ms[0].toFixed(0)}, slowest ${ms[4].toFixed(0)})`);
    expect(ms[2]).toBeLessThan(5000);
  });
});
