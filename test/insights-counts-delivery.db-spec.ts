import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CaseAssigned } from '../src/cases/events/case-events';
import { InsightsCountsSubscriber } from '../src/insights/counts/insights-counts.subscriber';
import { IntakeService } from '../src/intake/intake.service';
import { Role } from '../src/staff/role';
import { startTestContext, TestContext } from './support/app';
import { until } from './support/until';

/**
 * The statistics' subscriber runs inside an event delivery's batch transaction. Had it done any
 * of its work on a second connection, that work could wait for a lock queued behind one the batch
 * already holds, e.g. a migration's exclusive lock on `cases`, queued behind the batch's key-share
 * lock on a case row (any foreign-key check takes one). PostgreSQL sees the migration waiting for
 * the batch and the second connection waiting for the migration, but not the batch waiting for
 * the second connection in Node: all three waited for ever (the verification-repair test hung
 * that way under load, its migration's DROP TABLE behind a delivery).
 */
describe('statistics counts delivered beside a waiting exclusive lock', () => {
  let t: TestContext;
  let caseId: string;
  beforeAll(async () => {
    t = await startTestContext();
    await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    await t.app
      .get(IntakeService)
      .submit({ category: 'other', title: 'Dana desa', description: 'Dana kegiatan dicairkan tetapi kegiatan tidak pernah dilaksanakan.', anonymous: true, consent: 'yes' }, [], 'web');
    [{ id: caseId }] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY number DESC LIMIT 1`);
  });
  afterAll(() => t.close());

  it("refreshes the case's counts on the delivery's own connection while a migration's lock waits for the delivery", async () => {
    const batch = t.app.get(DataSource).createQueryRunner();
    await batch.connect();
    const migration = new Client({ connectionString: t.db.url });
    await migration.connect();
    try {
      await batch.startTransaction();
      // What an earlier handler of the batch leaves behind: a foreign-key check's lock on the case row.
      await batch.query(`SELECT 1 FROM cases WHERE id = $1 FOR KEY SHARE`, [caseId]);
      const [{ pid }] = (await migration.query('SELECT pg_backend_pid() AS pid')).rows as { pid: number }[];
      await migration.query('BEGIN');
      const locked = migration.query('LOCK TABLE cases IN ACCESS EXCLUSIVE MODE');
      await until('the exclusive lock waits behind the batch', async () => {
        const [row] = await t.db.query<{ waiting: boolean }>(`SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`, [pid]);
        return row?.waiting || null;
      });

      const handled = t.app.get(InsightsCountsSubscriber).handle({ id: 'e-lock', type: CaseAssigned.type, payload: { caseId } as never, occurredAt: new Date() }, batch.manager);
      // Finished while the lock still waits: nothing of the handler waited behind it.
      // (Had it waited, the cycle is broken after 20 s by cancelling the lock request, so the test fails rather than hangs.)
      let guard: NodeJS.Timeout | undefined;
      const stuck = new Promise<string>((resolve) => (guard = setTimeout(() => resolve('still waiting after 20 s'), 20_000)));
      const first = await Promise.race([handled.then(() => 'handled'), locked.then(() => 'lock granted'), stuck]);
      clearTimeout(guard);
      if (first !== 'handled') {
        await t.db.query(`SELECT pg_cancel_backend($1)`, [pid]);
        await Promise.allSettled([handled, locked]);
      }
      expect(first).toBe('handled');

      await batch.commitTransaction();
      await locked;
      await migration.query('ROLLBACK');
      const counted = await t.db.query(`SELECT measure, category, key FROM insights_case_now WHERE case_id = $1 ORDER BY 1, 2, 3`, [caseId]);
      const view = await t.db.query(`SELECT measure, category_code AS category, key FROM case_stats_now WHERE case_id = $1 ORDER BY 1, 2, 3`, [caseId]);
      expect(counted).toEqual(view);
      expect(counted.length).toBeGreaterThan(0);
    } finally {
      if (batch.isTransactionActive) await batch.rollbackTransaction();
      await batch.release();
      await migration.end();
    }
  });
});
