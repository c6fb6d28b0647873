import request from 'supertest';
import { Role } from '../src/staff/role';
import { StaffService } from '../src/staff/staff.service';
import { CatalogService } from '../src/catalog/catalog.service';
import { SlaService } from '../src/cases/sla/sla.service';
import { startTestApp, TestApp } from './support/app';

/**
 * A burst of submissions on a freshly started app, every cache cold: anything inside the
 * submission's transaction that borrowed a second pooled connection would exhaust the pool and
 * hang (as the key-holder and holiday look-ups once did).
 */
describe('concurrent submissions on cold caches', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A pool of two: two submissions each wanting a second connection already deadlock it.
    t = await startTestApp({ env: { RATE_LIMIT_REPORT: '1000', STAFF_2FA: 'optional', DATABASE_POOL_SIZE: '2' } });
    await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
  });
  afterAll(() => t.close());

  it('answers 40 simultaneous reports, with the caches emptied first', async () => {
    t.app.get(StaffService).invalidateKeyHolders();
    (t.app.get(CatalogService) as unknown as { codes: unknown }).codes = null;
    (t.app.get(SlaService) as unknown as { holidays: unknown }).holidays = null;
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        request(t.url)
          .post('/api/v1/reports')
          .send({ category: 'other', title: `Laporan serentak ${i}`, description: 'Uraian laporan yang dikirim bersamaan dengan banyak laporan lain.', anonymous: true, consent: 'yes' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201));
    // Far below the pool's 10-second wait: nothing queued behind an exhausted pool.
    expect(Date.now() - started).toBeLessThan(9_000);
  });
});
