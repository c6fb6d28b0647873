import type { DataSource } from 'typeorm';
import type { AppConfig } from '../platform/config/app-config';
import type { ClusterFigures, ClusterFigureValues } from './cluster-figures';
import { HealthReport } from './health-report.service';

const AT = new Date('2026-12-07T02:00:00Z');

function report(events: Partial<ClusterFigureValues['events']>, mail: Partial<ClusterFigureValues['mail']> = {}, alerts: ClusterFigureValues['alerts'] = []) {
  const figures = {
    read: async () =>
      ({
        at: AT,
        events: { backlog: 0, oldestPendingSeconds: null, parked: 0, ...events },
        mail: { pending: 0, held: 0, parked: 0, oldestPendingSeconds: 0, ...mail },
        sweep: { at: AT.toISOString(), durationMs: 5, reminders: 0, breaches: 0, escalations: 0, error: null },
        holidays: null,
        alerts,
      }) as unknown as ClusterFigureValues,
  } as unknown as ClusterFigures;
  const db = { query: async () => [{ '?column?': 1 }] } as unknown as DataSource;
  return new HealthReport(db, figures, { healthMaxBacklogAgeSeconds: 900 } as AppConfig).report();
}

describe(HealthReport.name, () => {
  it('shows the last audit verification, and answers 503 when it found the chain broken', async () => {
    expect((await report({})).body.checks).toMatchObject({ auditChain: { status: 'never-run' }, alerts: { status: 'never-run' } });
    const intact = await report({}, {}, [{ kind: 'audit-chain-broken', figure: 0, threshold: null, above: false, readAt: AT, detail: { checked: 40, ok: true } }]);
    expect(intact.status).toBe(200);
    expect(intact.body.checks).toMatchObject({ auditChain: { status: 'up', verifiedAt: AT.toISOString(), checked: 40 } });
    const broken = await report({}, {}, [{ kind: 'audit-chain-broken', figure: 17, threshold: null, above: true, readAt: AT, detail: { checked: 16, ok: false, firstBrokenSeq: 17 } }]);
    expect(broken.status).toBe(503);
    expect(broken.body.checks).toMatchObject({ auditChain: { status: 'broken', firstBrokenSeq: 17 } });
  });

  it('lists the alert kinds at or above their threshold at the last check, without turning unhealthy for them', async () => {
    const r = await report({}, {}, [
      { kind: 'disk-nearly-full', figure: 93, threshold: 90, above: true, readAt: AT, detail: {} },
      { kind: 'staff-sign-in-failures', figure: 2, threshold: 20, above: false, readAt: AT, detail: {} },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.checks.alerts).toEqual({
      status: 'warning',
      active: ['disk-nearly-full'],
      figures: { 'disk-nearly-full': { figure: 93, threshold: 90, checkedAt: AT.toISOString() }, 'staff-sign-in-failures': { figure: 2, threshold: 20, checkedAt: AT.toISOString() } },
    });
  });

  it('is healthy while the oldest pending event and mail are younger than the setting', async () => {
    const r = await report({ backlog: 3, oldestPendingSeconds: 899 }, { pending: 2, oldestPendingSeconds: 900 });
    expect(r.status).toBe(200);
    expect(r.body.checks).toMatchObject({ events: { status: 'up' }, mail: { status: 'up' } });
  });

  it('answers 503 with "behind" once the oldest pending event waits longer than the setting', async () => {
    const r = await report({ backlog: 40, oldestPendingSeconds: 901 });
    expect(r.status).toBe(503);
    expect(r.body.checks).toMatchObject({ events: { status: 'behind', backlog: 40 }, mail: { status: 'up' } });
  });

  it('answers 503 with "behind" for mail waiting too long, and "degraded" for anything parked', async () => {
    expect((await report({}, { pending: 5, oldestPendingSeconds: 3600 })).body.checks).toMatchObject({ mail: { status: 'behind' } });
    const parked = await report({ parked: 1, oldestPendingSeconds: 5000 });
    expect(parked.status).toBe(503);
    expect(parked.body.checks).toMatchObject({ events: { status: 'degraded' } });
  });
});
