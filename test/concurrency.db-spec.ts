import { CatalogService } from '../src/catalog/catalog.service';
import { SlaService } from '../src/cases/sla/sla.service';
import { IntakeService } from '../src/intake/intake.service';
import { Role } from '../src/staff/role';
import { StaffService } from '../src/staff/staff.service';
import { startTestContext, TestContext } from './support/app';

/**
 * A burst of submissions on a freshly started app, every cache cold: anything inside the
 * submission's transaction that borrowed a second pooled connection would exhaust the pool and
 * hang until the pool's wait gives up with an error (as the key-holder and holiday look-ups
 * once did). The submissions go straight to the intake service: HTTP adds nothing here.
 */
describe('concurrent submissions on cold caches', () => {
  let t: TestContext;
  beforeAll(async () => {
    // A pool of two: two submissions each wanting a second connection already deadlock it.
    t = await startTestContext({ env: { DATABASE_POOL_SIZE: '2' } });
    await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
  });
  afterAll(() => t.close());

  it('files 40 simultaneous reports, with the caches emptied first', async () => {
    t.app.get(StaffService).invalidateKeyHolders();
    (t.app.get(CatalogService) as unknown as { codes: unknown }).codes = null;
    (t.app.get(SlaService) as unknown as { holidays: unknown }).holidays = null;
    const intake = t.app.get(IntakeService);
    const answers = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        intake.submit(
          { category: 'other', title: `Laporan serentak ${i}`, description: 'Uraian laporan yang dikirim bersamaan dengan banyak laporan lain.', anonymous: true, consent: 'yes' },
          [],
          'web',
        ),
      ),
    );
    // A pool exhausted behind a held connection answers "timeout exceeded when trying to connect".
    expect(answers.filter((a) => a.status === 'rejected').map((a) => String((a as PromiseRejectedResult).reason))).toEqual([]);
    expect(new Set(answers.map((a) => (a as PromiseFulfilledResult<{ receipt: string }>).value.receipt)).size).toBe(40);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM cases`)).toEqual([{ n: 40 }]);
  });
});
