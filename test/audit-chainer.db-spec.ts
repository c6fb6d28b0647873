import { DataSource } from 'typeorm';
import { AuditChainer } from '../src/audit/audit-chainer';
import { AuditLogRepository } from '../src/audit/audit-log.repository';
import { AuditService } from '../src/audit/audit.service';
import { startTestContext, TestContext } from './support/app';
import { until } from './support/until';

/**
 * The chainer finds unchained entries by walking its index in order, never as a bitmap scan:
 * every chained entry leaves a dead unchained version behind until VACUUM, and a bitmap scan
 * visits all of them on every round (bench/inbox: 196–325 ms a round with autovacuum off).
 */
describe('audit chainer', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await startTestContext();
  });
  afterAll(() => t.close());

  it('walks the unchained entries with bitmap scans off for its own transaction only', async () => {
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 3; i++) await audit.recordApart({ actor: { type: 'system' }, action: 'audit.exported', detail: { n: i } });
    const runner = t.app.get(DataSource).createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const before = await runner.query(`SELECT current_setting('enable_bitmapscan') AS v`);
      const rows = await t.app.get(AuditLogRepository).lockUnchained(runner.manager, 10);
      const during = await runner.query(`SELECT current_setting('enable_bitmapscan') AS v`);
      await runner.rollbackTransaction();
      const after = await runner.query(`SELECT current_setting('enable_bitmapscan') AS v`);
      // (The app's own chainer may have taken some of them already: the order is what counts.)
      expect(rows.map((r) => Number(r.id))).toEqual([...rows.map((r) => Number(r.id))].sort((a, b) => a - b));
      expect([before[0].v, during[0].v, after[0].v]).toEqual(['on', 'off', 'on']);
    } finally {
      await runner.release();
    }
  });

  it('still chains every entry, in id order, after many rounds left dead versions behind', async () => {
    const audit = t.app.get(AuditService);
    const chainer = t.app.get(AuditChainer);
    for (let round = 0; round < 20; round++) {
      await audit.recordApart({ actor: { type: 'system' }, action: 'audit.exported', detail: { round } });
      await chainer.chainPending();
    }
    // A round of the app's own chainer may hold the lock when ours asks: wait for the last entry.
    await until('every entry chained', async () => (await chainer.chainPending(), (await t.app.get(AuditLogRepository).countUnchained()) === 0 || null));
    const rows = await t.db.query<{ id: string; seq: string | null }>(`SELECT id, seq FROM audit_log ORDER BY id`);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
  });
});
