import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SlaSweepJob } from '../src/cases/sla/sla-sweep.job';
import { VerificationUntilDecided1764300015300 } from '../src/cases/sla/migrations/1764300015300-verification-until-decided';
import { InsightsCountsRebuild } from '../src/insights/counts/insights-counts-rebuild';
import { InsightsCountsRepository } from '../src/insights/counts/insights-counts.repository';
import { periodBuckets } from '../src/insights/counts/period-buckets';
import { FixedClock } from '../src/platform/clock/clock';
import { migrationDataSourceOptions } from '../src/platform/database/data-source-options';
import { MIGRATIONS } from '../src/migrations';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { createTestDatabase, TestDatabase } from './support/database';

/**
 * Issue 11: the repair of verification deadlines that the old workflow stopped at triage
 * (received → verifying). The cases are filed and moved through the real app; the old
 * workflow's effect is then applied as it did it (the deadline deleted, an open breach ended).
 * The migration restores the deadline of cases still in verification from receipt, opens the
 * breach it had ended, records the breach of a verification already decided late (so the
 * statistics count it late), and its `down` undoes exactly that.
 */
describe('Migration: verification runs until decided', () => {
  // Tuesday 17 March 2026, 08:00 WITA; the verification deadline is Friday 27 March (Nyepi, Idul Fitri).
  const clock = new FixedClock(new Date('2026-03-17T00:00:00Z'));
  const DUE = new Date('2026-03-27T15:59:59.999Z');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wbs-test-'));
  const upToRepair = MIGRATIONS.slice(0, MIGRATIONS.indexOf(VerificationUntilDecided1764300015300) + 1);
  let db: TestDatabase;
  let t: TestApp;
  let bearer = '';
  let supervisor: { email: string; password: string };
  const ids: Record<'open' | 'breached' | 'late' | 'onTime', string> = { open: '', breached: '', late: '', onTime: '' };

  const migrations = async (list: typeof MIGRATIONS, what: 'run' | 'undo') => {
    const ds = new DataSource({ ...migrationDataSourceOptions(db.url, 'Asia/Makassar', list) });
    await ds.initialize();
    try {
      if (what === 'run') await ds.runMigrations({ transaction: 'all' });
      else await ds.undoLastMigration({ transaction: 'all' });
    } finally {
      await ds.destroy();
    }
  };
  const at = async (iso: string) => {
    clock.set(new Date(iso));
    bearer = (await request(t.url).post('/api/v1/auth/login').send({ email: supervisor.email, password: supervisor.password }).expect(200)).body.accessToken;
  };
  const move = (id: string, body: Record<string, unknown>) => request(t.url).post(`/api/v1/cases/${id}/transition`).set('Authorization', `Bearer ${bearer}`).send(body).expect(200);
  /** Received → verifying as the old workflow did it: the verification clock stopped, its breach ended. */
  const oldTriage = async (id: string) => {
    await move(id, { to: 'verifying', reason: 'Diperiksa' });
    await db.query(`DELETE FROM case_deadlines WHERE case_id = $1 AND kind = 'verification'`, [id]);
    await db.query(`UPDATE sla_breaches SET resolved_at = $2, next_escalation_at = NULL WHERE case_id = $1 AND kind = 'verification' AND resolved_at IS NULL`, [id, clock.now()]);
  };
  const verification = (id: string) => db.query(`SELECT started_at, due_at, working_days, breached_at IS NOT NULL AS told FROM case_deadlines WHERE case_id = $1 AND kind = 'verification'`, [id]);
  const breaches = (id: string) => db.query(`SELECT due_at, breached_at, resolved_at, next_escalation_at FROM sla_breaches WHERE case_id = $1 AND kind = 'verification'`, [id]);
  const verificationDecisions = async () => {
    // The repair changed breaches under the statistics' counts: they are built again, as after an upgrade.
    await t.app.get(InsightsCountsRebuild).rebuild();
    const { decisions } = await t.app.get(InsightsCountsRepository).period(periodBuckets('2026-03-01', '2026-03-31'), ['2026-03'], null);
    const count = (late: boolean) => decisions.rows.filter((r) => r.stage === 'verification' && r.late === late).reduce((n, r) => n + r.count, 0);
    return { onTime: count(false), late: count(true) };
  };

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await migrations(
      MIGRATIONS.filter((m) => m !== VerificationUntilDecided1764300015300),
      'run',
    );
    t = await startTestApp({ clock, database: db, env: { DATA_DIR: dataDir } });
    supervisor = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
      await request(t.url)
        .post('/api/v1/reports')
        .send({ category: 'corruption', title: 'Dana desa', description: 'Dana kegiatan dicairkan tetapi kegiatan tidak pernah dilaksanakan.', anonymous: true, consent: 'yes' })
        .expect(201);
      [{ id: ids[key] }] = await db.query<{ id: string }>(`SELECT id FROM cases ORDER BY number DESC LIMIT 1`);
    }
    await at('2026-03-25T01:00:00Z');
    for (const id of [ids.open, ids.late, ids.onTime]) await oldTriage(id);
    await at('2026-03-26T01:00:00Z');
    await move(ids.onTime, { to: 'investigating', reason: 'Cukup bukti', track: 'complaint' });
    // Monday 30 March: the sweep sees only the case still in `received` as late.
    expect(await t.app.get(SlaSweepJob).run({ asOf: new Date('2026-03-30T01:00:00Z') })).toMatchObject({ breaches: 1 });
    await at('2026-03-30T02:00:00Z');
    await oldTriage(ids.breached);
    await at('2026-03-31T01:00:00Z');
    await move(ids.late, { to: 'investigating', reason: 'Cukup bukti', track: 'complaint' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('before the repair: no deadline in verification, and a late verification counted on time', async () => {
    expect(await verification(ids.open)).toEqual([]);
    expect(await breaches(ids.late)).toEqual([]);
    expect(await verificationDecisions()).toEqual({ onTime: 2, late: 0 });
  });

  it('restores the deadline from receipt, reopens the breach triage ended, and records the late decision', async () => {
    await migrations(upToRepair, 'run');
    const [{ submitted_at: receipt }] = await db.query<{ submitted_at: Date }>(`SELECT submitted_at FROM cases WHERE id = $1`, [ids.open]);
    expect(receipt).toEqual(new Date('2026-03-17T00:00:00Z'));
    expect(await verification(ids.open)).toEqual([{ started_at: receipt, due_at: DUE, working_days: 3, told: false }]);
    // Already told once: no second first notice, the repeat due since triage ended it.
    expect(await verification(ids.breached)).toEqual([{ started_at: receipt, due_at: DUE, working_days: 3, told: true }]);
    expect(await breaches(ids.breached)).toEqual([{ due_at: DUE, breached_at: new Date('2026-03-30T01:00:00Z'), resolved_at: null, next_escalation_at: new Date('2026-03-30T02:00:00Z') }]);
    expect(await breaches(ids.late)).toEqual([{ due_at: DUE, breached_at: DUE, resolved_at: new Date('2026-03-31T01:00:00Z'), next_escalation_at: null }]);
    expect(await breaches(ids.onTime)).toEqual([]);
    expect(await verification(ids.late)).toEqual([]); // decided: no clock to restore
    expect(await verificationDecisions()).toEqual({ onTime: 1, late: 1 });
  });

  it('down undoes exactly the repair', async () => {
    await migrations(upToRepair, 'undo');
    expect(await verification(ids.open)).toEqual([]);
    expect(await verification(ids.breached)).toEqual([]);
    expect(await breaches(ids.breached)).toEqual([{ due_at: DUE, breached_at: new Date('2026-03-30T01:00:00Z'), resolved_at: new Date('2026-03-30T02:00:00Z'), next_escalation_at: null }]);
    expect(await breaches(ids.late)).toEqual([]);
    expect(await db.query(`SELECT to_regclass('sla_verification_repairs') AS t`)).toEqual([{ t: null }]);
  });

  it('after the repair the sweep tells the supervisors what was missed', async () => {
    await migrations(MIGRATIONS, 'run');
    const r = await t.app.get(SlaSweepJob).run({ asOf: new Date('2026-03-31T02:00:00Z') });
    expect(r).toMatchObject({ breaches: 1, escalations: 1 });
    expect(await breaches(ids.open)).toEqual([expect.objectContaining({ due_at: DUE, resolved_at: null })]);
    expect(await breaches(ids.breached)).toEqual([expect.objectContaining({ resolved_at: null, next_escalation_at: expect.any(Date) })]);
  });
});
