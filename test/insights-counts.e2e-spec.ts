import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SlaSweepJob } from '../src/cases/sla/sla-sweep.job';
import { InsightsCountsRebuild } from '../src/insights/counts/insights-counts-rebuild';
import { InsightsCountsRepository } from '../src/insights/counts/insights-counts.repository';
import { InsightsCountsSubscriber } from '../src/insights/counts/insights-counts.subscriber';
import { periodBuckets } from '../src/insights/counts/period-buckets';
import { InsightsRepository } from '../src/insights/insights.repository';
import { monthsBetween } from '../src/insights/stats-filters';
import { FixedClock } from '../src/platform/clock/clock';
import { RetentionJob } from '../src/retention/retention.job';
import { Role } from '../src/staff/role';
import { startTestApp, TestApp } from './support/app';
import { untilIdle } from './support/idle';
import { comparable, referenceStats } from './support/insights-reference';
import { seedCaseHistory } from './support/insights-seed';
import { bearer } from './support/pages';
import { CLI_TEST_TIMEOUT_MS } from './support/cli-timeout';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'dist', 'src', 'cli.js');

/**
 * Issue 15: the dashboard reads counts of its own, fed by the cases' events and rebuildable
 * from the cases' views. Whatever happens to cases (filed on different days and months, moved
 * through every stage, rejected at once, closed as duplicates, reopened and closed again, late
 * after a breach, purged by retention), the counts equal what the old queries computed straight
 * from the cases' tables (test/support/insights-reference.ts), for several periods, with and
 * without a category filter, including the cases open now per status and per assignee (after
 * assignments, an unassignment, a recusal, a reopening) and the ongoing SLA breaches; a second
 * delivery of any event changes nothing; a rebuild gives the
 * same counts, and counts cases no event announced (set-based SQL data).
 */
describe('Insights counts', () => {
  const clock = new FixedClock(new Date('2026-01-27T01:00:00Z')); // Tuesday 27 January 2026, 09:00 WITA
  let t: TestApp;
  let supervisor = { id: '', email: '', password: '' };
  let auth = '';
  const ids: string[] = [];

  const at = async (iso: string) => {
    clock.set(new Date(iso));
    auth = await bearer(t, supervisor); // a session signed in days earlier would have ended
  };
  const file = async (category: string, opd: string | null) => {
    await request(t.url)
      .post('/api/v1/reports')
      .send({ category, ...(opd ? { opd } : {}), title: 'Dana desa', description: 'Dana kegiatan dicairkan tetapi kegiatan tidak pernah dilaksanakan.', anonymous: true, consent: 'yes' })
      .expect(201);
    const [{ id }] = await t.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY number DESC LIMIT 1`);
    ids.push(id);
    return id;
  };
  const move = (n: number, to: string, extra: Record<string, string> = {}) =>
    request(t.url)
      .post(`/api/v1/cases/${ids[n]}/transition`)
      .set('Authorization', auth)
      .send({ to, reason: 'Alasan', ...extra })
      .expect(200);
  const close = (n: number, outcome: string, extra: Record<string, string> = {}) => move(n, 'closed', { outcome, summary: 'Ringkasan hasil.', ...extra });

  const periods: [string, string][] = [
    ['2025-02-01', '2026-01-31'], // the default twelve months as of the end of January
    ['2025-03-01', '2026-02-28'],
    ['2026-01-01', '2026-01-31'],
    ['2026-01-28', '2026-02-10'], // across a month boundary, partial months only
    ['2026-02-03', '2026-02-03'],
    ['2023-12-15', '2029-01-20'], // everything, with partial first and last months
  ];
  const expectCountsEqualReference = async () => {
    const live = t.app.get(InsightsRepository);
    const counts = t.app.get(InsightsCountsRepository);
    for (const [from, to] of periods) {
      for (const category of [null, 'corruption', 'illegal_levy']) {
        const months = monthsBetween(from, to);
        const reference = await referenceStats(t.db, await live.period(from, to, months, t.config.tzName), category);
        const fromCounts = {
          ...(await counts.period(periodBuckets(from, to), months, category)),
          openByStatus: await counts.openByStatus(category),
          openByAssignee: await counts.openByAssignee(category),
          openBreaches: await counts.openBreaches(category),
        };
        expect({ from, to, category, ...comparable(fromCounts) }).toEqual({ from, to, category, ...comparable(reference) });
      }
    }
  };
  const snapshot = () => t.db.query(`SELECT grain, bucket::text, measure, category, key, n FROM insights_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`);
  const openSnapshot = () => t.db.query(`SELECT category, status, n FROM insights_open WHERE n <> 0 ORDER BY 1, 2`);
  const nowSnapshot = () => t.db.query(`SELECT measure, category, key, n FROM insights_now WHERE n <> 0 ORDER BY 1, 2, 3`);
  const assign = (n: number, inspectorId: string) => request(t.url).post(`/api/v1/cases/${ids[n]}/assign`).set('Authorization', auth).send({ inspectorId }).expect(201);
  const unassign = (n: number, inspectorId: string) =>
    request(t.url).delete(`/api/v1/cases/${ids[n]}/assignees/${inspectorId}`).set('Authorization', auth).send({ reason: 'Beban kerja dibagi ulang' }).expect(204);
  let inspectors: { id: string; email: string; password: string }[] = [];
  const feedbackBreaches: number[] = [];

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { RATE_LIMIT_LOGIN: '1000', RATE_LIMIT_REPORT: '1000' } });
    supervisor = await t.createStaff([Role.Supervisor]);
    await t.createStaff([Role.Custodian]);
    inspectors = [await t.createStaff([Role.Inspector]), await t.createStaff([Role.Inspector])];
    auth = await bearer(t, supervisor);

    // Filed over two months (27 January to 3 February, WITA days), in two categories, with and without an OPD.
    for (const [i, [category, opd]] of (
      [
        ['corruption', 'DINKES'],
        ['corruption', 'DINKES'],
        ['illegal_levy', null],
        ['corruption', 'DIKBUD'],
        ['illegal_levy', 'DINKES'],
        ['corruption', null],
        ['illegal_levy', 'DIKBUD'],
        ['corruption', 'DINKES'],
        ['corruption', 'BAPPEDA'],
        ['illegal_levy', 'DINKES'],
      ] as const
    ).entries()) {
      if (i === 5) await at('2026-01-31T16:30:00Z'); // 00:30 WITA on 1 February: still January in UTC
      if (i === 8) await at('2026-02-03T15:30:00Z'); // 23:30 WITA on 3 February
      await file(category, opd);
    }

    await at('2026-02-04T02:00:00Z');
    // Open cases per inspector: one case with two assignees (one unassigned later), a recusal,
    // a case closed and reopened with its assignee, cases no one was assigned.
    await assign(0, inspectors[0].id);
    await assign(3, inspectors[0].id);
    await assign(3, inspectors[1].id);
    await assign(4, inspectors[1].id);
    await assign(6, inspectors[0].id);
    await assign(2, inspectors[1].id);
    await move(0, 'verifying');
    await move(0, 'investigating', { track: 'complaint' });
    await close(1, 'rejected'); // straight from received
    await move(2, 'verifying');
    await close(2, 'referred');
    await move(3, 'verifying');
    await move(3, 'investigating', { track: 'examination' });
    await move(4, 'verifying');
    await move(6, 'verifying');
    await close(7, 'rejected'); // purged by retention below

    // A week on, the verification deadlines (3 working days) of the cases still in verification have passed.
    await at('2026-02-12T02:00:00Z');
    await t.app.get(SlaSweepJob).run();
    await move(4, 'investigating', { track: 'complaint' }); // late: its verification breach fell due before
    await unassign(3, inspectors[1].id);
    await request(t.url)
      .post(`/api/v1/cases/${ids[4]}/recuse`)
      .set('Authorization', await bearer(t, inspectors[1]))
      .send({ reason: 'Kerabat terlapor' })
      .expect(204);
    await close(6, 'duplicate', { duplicateOf: ids[0] });
    await close(0, 'substantiated');
    await close(3, 'not_substantiated');

    // Reopened twice and closed again: a reopening is no decision, the moves after it are.
    await at('2026-03-02T02:00:00Z');
    await move(3, 'verifying', { reason: 'Bukti baru' });
    await move(3, 'investigating', { track: 'complaint' });
    await close(3, 'substantiated');
    await move(0, 'investigating', { reason: 'Bukti baru' });
    // Over 30 days without a word to the reporters still in received: feedback breaches; a
    // message to one of them ends its breach (the feedback clock starts again).
    await at('2026-03-10T02:00:00Z');
    await t.app.get(SlaSweepJob).run();
    await untilIdle({ db: t.db, app: t.app });
    feedbackBreaches.push((await t.app.get(InsightsCountsRepository).openBreaches(null)).get('feedback') ?? 0);
    await request(t.url).post(`/api/v1/cases/${ids[8]}/messages`).set('Authorization', auth).send({ body: 'Laporan Anda sedang kami pelajari.' }).expect(201);
    await untilIdle({ db: t.db, app: t.app });
    feedbackBreaches.push((await t.app.get(InsightsCountsRepository).openBreaches(null)).get('feedback') ?? 0);
  }, 180_000);
  afterAll(() => t?.close());

  it('keeps counts from the events equal to what the old queries compute from the cases', async () => {
    expect(await t.db.query(`SELECT count(*)::int AS n FROM insights_counted_cases`)).toEqual([{ n: 10 }]);
    // Every delivery succeeded at once: concurrent batches neither deadlocked nor waited for a retry.
    expect(await t.db.query(`SELECT count(*)::int AS n FROM event_deliveries WHERE subscriber = 'insights.count-cases' AND (last_error IS NOT NULL OR status <> 'done')`)).toEqual([{ n: 0 }]);
    // What this history must have produced: assignees of open cases (case 0 reopened, case 3
    // with one of its two left, case 4's recused), open cases no one holds, ongoing breaches.
    const now = t.app.get(InsightsCountsRepository);
    const byStaff = new Map((await now.openByAssignee(null)).map((r) => [r.staffId, r.count]));
    expect(byStaff.get(inspectors[0].id)).toBe(1); // case 0 (reopened); case 3 closed, case 6 closed
    expect(byStaff.get(inspectors[1].id)).toBeUndefined(); // unassigned from 3, recused from 4, case 2 closed
    expect(byStaff.get(null)).toBe(4); // cases 4 (recused), 5, 8 and 9
    expect(feedbackBreaches[0]).toBeGreaterThanOrEqual(3); // cases 5, 8 and 9 at least
    expect(feedbackBreaches[1]).toBe(feedbackBreaches[0] - 1);
    expect((await now.openBreaches(null)).get('verification')).toBeGreaterThan(0);
    await expectCountsEqualReference();
  });

  it('counts nothing twice when events are delivered again', async () => {
    const [counts, open, now] = [await snapshot(), await openSnapshot(), await nowSnapshot()];
    const subscriber = t.app.get(InsightsCountsSubscriber);
    const events = await t.db.query<{ event_id: string; type: string; payload: Record<string, unknown>; occurred_at: Date }>(
      `SELECT event_id, type, payload, occurred_at FROM outbox WHERE type = ANY($1::text[]) ORDER BY id`,
      [subscriber.events],
    );
    expect(events.length).toBeGreaterThan(20);
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['intake.report-submitted', 'cases.status-changed', 'cases.case-assigned', 'cases.case-unassigned', 'cases.inspector-recused', 'sla.deadline-breached', 'cases.reporter-message-sent']),
    );
    // Delivered again, and in reverse order (no order is promised): the "now" rows follow the cases, not the events.
    for (const e of [...events, ...[...events].reverse()]) {
      await t.app.get(DataSource).transaction((m) => subscriber.handle({ id: e.event_id, type: e.type, payload: e.payload as never, occurredAt: e.occurred_at }, m));
    }
    expect(await snapshot()).toEqual(counts);
    expect(await openSnapshot()).toEqual(open);
    expect(await nowSnapshot()).toEqual(now);
  });

  it('keeps the statistics of a case the retention purge emptied, and a rebuild agrees', async () => {
    const [before, now] = [await snapshot(), await nowSnapshot()];
    const r = await t.app.get(RetentionJob).run({ asOf: new Date('2028-03-01T02:00:00Z') });
    expect(r.purged).toBeGreaterThanOrEqual(1);
    await untilIdle({ db: t.db, app: t.app });
    expect(await snapshot()).toEqual(before);
    await expectCountsEqualReference();
    await t.app.get(InsightsCountsRebuild).rebuild();
    expect(await snapshot()).toEqual(before);
    expect(await nowSnapshot()).toEqual(now);
  });

  it('rebuilds from the cases (the CLI), counting cases no event announced, equal to the old queries', async () => {
    await seedCaseHistory(t.db, 3000, new Date('2026-03-01T00:00:00Z'));
    const out = await run(process.execPath, [CLI, 'insights:rebuild'], { env: { ...process.env, DATABASE_URL: t.db.url, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'warn' } });
    expect(out.stdout).toMatch(/^Statistics counts rebuilt from 3010 cases and \d+ status moves in \d+ ms\.$/m);
    await expectCountsEqualReference();
    // Events after a rebuild add to it as before.
    await at('2026-03-11T02:00:00Z');
    await move(5, 'verifying');
    await close(5, 'rejected');
    await untilIdle({ db: t.db, app: t.app });
    await expectCountsEqualReference();
  }, 120_000);

  it('rebuilds when the application starts with counts of another version or time zone, and not otherwise', async () => {
    const rebuild = t.app.get(InsightsCountsRebuild);
    expect((await rebuild.rebuild({ onlyIfOutdated: true })).rebuilt).toBe(false);
    await t.db.query(`UPDATE insights_state SET version = version - 1`);
    await t.db.query(`DELETE FROM insights_counts WHERE grain = 'm'`);
    await t.db.query(`DELETE FROM insights_now WHERE measure = 'breach'`);
    await rebuild.onApplicationBootstrap();
    await expectCountsEqualReference();
    await t.db.query(`UPDATE insights_state SET time_zone = 'Asia/Jakarta'`);
    expect((await rebuild.rebuild({ onlyIfOutdated: true })).rebuilt).toBe(true);
  }, 120_000);
});
