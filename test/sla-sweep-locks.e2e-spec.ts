import { Client } from 'pg';
import request from 'supertest';
import { SlaSweepJob } from '../src/cases/sla/sla-sweep.job';
import { FixedClock } from '../src/platform/clock/clock';
import { Role } from '../src/staff';
import { startTestApp, TestApp } from './support/app';

/**
 * The sweep and a case's own change must never wait on each other in a circle. A status change
 * locks the case row first (FOR UPDATE) and then ends the case's deadlines; the sweep used to
 * lock a due deadline and then insert its breach, whose foreign key waits for that same case
 * row: PostgreSQL broke the circle by killing one of them (40P01, seen while seeding the inbox
 * bench). Now the sweep leaves a case that is being changed for its next run.
 */
describe('SLA sweep beside a case being changed', () => {
  const clock = new FixedClock(new Date('2026-06-01T01:00:00Z'));
  let t: TestApp;
  let caseId = '';

  beforeAll(async () => {
    t = await startTestApp({ clock });
    // Intake opens once someone can receive reports and hold the identity key.
    await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    await request(t.url)
      .post('/api/v1/reports')
      .send({ category: 'illegal_levy', title: 'Pungutan di loket', description: 'Petugas loket meminta uang tambahan untuk izin.', anonymous: true, consent: 'yes' })
      .expect(201);
    [{ id: caseId }] = await t.db.query<{ id: string }>(`SELECT id FROM cases`);
  });
  afterAll(() => t?.close());

  it('skips a case whose row another transaction holds, and breaches it on the next run', async () => {
    const [{ due_at }] = await t.db.query<{ due_at: Date }>(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'verification'`, [caseId]);
    const afterDue = new Date(due_at.getTime() + 3600_000);
    const sweep = t.app.get(SlaSweepJob);
    const other = new Client({ connectionString: t.db.url });
    await other.connect();
    try {
      // What a status change does first: hold the case row.
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
      // The sweep finishes without waiting for that transaction, and leaves the case alone…
      const first = await sweep.run({ asOf: afterDue });
      expect(first.breaches).toBe(0);
      // …so the change can end the deadlines without waiting for the sweep either.
      await other.query(`DELETE FROM case_deadlines WHERE case_id = $1 AND kind = 'verification'`, [caseId]);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    const second = await sweep.run({ asOf: afterDue });
    expect(second.breaches).toBe(1);
    expect(await t.db.query(`SELECT kind FROM sla_breaches WHERE case_id = $1`, [caseId])).toEqual([{ kind: 'verification' }]);
  });
});
