import { DataSource } from 'typeorm';
import { AuditChainer } from '../src/audit/audit-chainer';
import { AuditLogRepository } from '../src/audit/audit-log.repository';
import { AuditService } from '../src/audit/audit.service';
import { startTestContext, TestContext } from './support/app';
import { until } from './support/until';

/**
 * How entries reach the log and the chain under load:
 * - entries written outside a transaction share an insert when they arrive while one is in
 *   flight, and each caller returns once its own entry is committed;
 * - the chainer finds unchained entries by walking its index in order, never as a bitmap scan:
 *   every chained entry leaves a dead unchained version behind until VACUUM, and a bitmap scan
 *   visits all of them on every round (bench/inbox: 196–325 ms a round with autovacuum off).
 */
describe('audit log writes and chaining', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await startTestContext();
  });
  afterAll(() => t.close());

  it('commits each entry written outside a transaction before its caller goes on, in call order', async () => {
    const audit = t.app.get(AuditService);
    const [{ max: before }] = await t.db.query<{ max: string | null }>(`SELECT max(id) AS max FROM audit_log`);
    const inserts = jest.spyOn(t.app.get(AuditLogRepository), 'insert');
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        await audit.record(t.app.get(DataSource).manager, { actor: { type: 'system' }, action: 'audit.exported', detail: { burst: i } });
        // Visible to another connection the moment the call returns: committed, not queued.
        const [row] = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE id > $1 AND detail = $2`, [before ?? 0, JSON.stringify({ burst: i })]);
        seen.push(Number(row.n));
      }),
    );
    expect(seen).toEqual(Array(8).fill(1));
    // The first went at once; the seven that came while it was in flight went in one insert.
    const ours = inserts.mock.calls.map(([, rows]) => rows.filter((r) => r.detail.startsWith('{"burst":')).length).filter((n) => n > 0);
    expect(ours).toEqual([1, 7]);
    inserts.mockRestore();
    const rows = await t.db.query<{ detail: string }>(`SELECT detail FROM audit_log WHERE id > $1 AND action = 'audit.exported' ORDER BY id`, [before ?? 0]);
    expect(rows.map((r) => JSON.parse(r.detail).burst)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('fails only the caller whose entry is refused, not the others sharing its insert', async () => {
    const audit = t.app.get(AuditService);
    const manager = t.app.get(DataSource).manager;
    const [{ max: before }] = await t.db.query<{ max: string | null }>(`SELECT max(id) AS max FROM audit_log`);
    // The first goes at once; the other four wait for it and go together, the refused one among them.
    const outcomes = await Promise.allSettled(
      ['audit.exported', 'audit.exported', 'Not An Action', 'audit.exported', 'audit.exported'].map((action, i) => audit.record(manager, { actor: { type: 'system' }, action, detail: { batch: i } })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain('audit_log_action_check');
    const rows = await t.db.query<{ detail: string }>(`SELECT detail FROM audit_log WHERE id > $1 AND detail LIKE '{"batch":%' ORDER BY id`, [before ?? 0]);
    expect(rows.map((r) => JSON.parse(r.detail).batch)).toEqual([0, 1, 3, 4]);
  });

  it('chains with bitmap scans off inside audit_log_chain only, not for the session that calls it', async () => {
    const [fn] = await t.db.query<{ proconfig: string[] }>(`SELECT proconfig FROM pg_proc WHERE proname = 'audit_log_chain'`);
    expect(fn.proconfig).toEqual(['enable_bitmapscan=off']);
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 3; i++) await audit.recordApart({ actor: { type: 'system' }, action: 'audit.exported', detail: { n: i } });
    const runner = t.app.get(DataSource).createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const during = await runner.query(`SELECT audit_log_chain(10) AS n, current_setting('enable_bitmapscan') AS v`);
      await runner.commitTransaction();
      expect(during[0].v).toBe('on');
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
