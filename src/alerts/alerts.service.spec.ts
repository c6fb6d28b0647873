import type { EntityManager, QueryRunner } from 'typeorm';
import type { AuditService } from '../audit';
import type { CasesService } from '../cases';
import type { MailQueueRepository } from '../notifications';
import { loadConfig } from '../platform/config/app-config';
import type { EventPublisher, EventsHealth } from '../platform/events';
import type { AlertReading } from './events/alert-kinds';
import type { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { AlertRaised } from './events/alert-events';

const NOW = new Date('2026-11-02T02:37:00Z');

function build(opts: { dataDir?: string; firstInWindow?: boolean } = {}) {
  const published: unknown[] = [];
  const repo = {
    saveReadings: jest.fn(async () => undefined),
    raiseOnce: jest.fn(async () => opts.firstInWindow ?? true),
  };
  const config = loadConfig({ DATA_DIR: opts.dataDir ?? __dirname, ALERT_FAILED_SIGN_INS: '5' });
  const service = new AlertsService(
    repo as unknown as AlertsRepository,
    { submissionsByHour: async () => new Map([[Date.parse('2026-11-02T02:00:00Z'), 4]]) } as unknown as CasesService,
    { countActions: async () => ({ 'staff.sign-in-failed': 6, 'reporter.sign-in-failed': 1 }) } as unknown as AuditService,
    { snapshot: async () => ({ pending: 0, held: 0, parked: 2, oldestPendingSeconds: 0 }) } as unknown as MailQueueRepository,
    { snapshot: async () => ({ backlog: 0, oldestPendingSeconds: null, parked: 0 }) } as unknown as EventsHealth,
    { publish: async (_m: EntityManager, e: unknown) => published.push(e) } as unknown as EventPublisher,
    config,
  );
  return { service, repo, published };
}

/** A job's connection whose transactions just run. */
const runner = {
  manager: {} as EntityManager,
  startTransaction: async () => undefined,
  commitTransaction: async () => undefined,
  rollbackTransaction: async () => undefined,
} as unknown as QueryRunner;

describe(AlertsService.name, () => {
  it('reads each figure from its owner and applies the rules', async () => {
    const readings = await build().service.look(NOW);
    expect(Object.fromEntries(readings.map((r) => [r.kind, [r.figure, r.raised]]))).toEqual({
      'submissions-surge': [4, false],
      'staff-sign-in-failures': [6, true],
      'receipt-failures': [1, false],
      'mail-parked': [2, true],
      'events-parked': [0, false],
      'disk-nearly-full': [expect.any(Number), false],
    });
  });

  it('still checks the other figures when one cannot be read', async () => {
    const readings = await build({ dataDir: '/nonexistent/wbs-data' }).service.look(NOW);
    expect(readings.map((r) => r.kind)).toEqual(['submissions-surge', 'staff-sign-in-failures', 'receipt-failures', 'mail-parked', 'events-parked']);
  });

  it('publishes an alert only for a reading above its threshold whose window has none yet, and tells observers', async () => {
    const { service, repo, published } = build();
    const seen: AlertReading[][] = [];
    service.observe((raised) => seen.push([...raised]));
    const readings = await service.look(NOW);
    const raised = await service.raise(runner, readings, NOW);
    expect(raised.map((r) => r.kind)).toEqual(['staff-sign-in-failures', 'mail-parked']);
    expect(repo.saveReadings).toHaveBeenCalledWith(runner.manager, readings, NOW, undefined);
    expect(repo.raiseOnce).toHaveBeenCalledTimes(2);
    expect(published).toEqual([
      new AlertRaised({ alert: 'staff-sign-in-failures', at: NOW.toISOString(), windowStart: '2026-11-02T02:30:00.000Z', windowMinutes: 15, figure: 6, threshold: 5 }),
      new AlertRaised({ alert: 'mail-parked', at: NOW.toISOString(), windowStart: '2026-11-02T00:00:00.000Z', windowMinutes: 1440, figure: 2, threshold: 1 }),
    ]);
    expect(seen).toEqual([raised]);
  });

  it('publishes nothing when the window was already told (by this or another instance)', async () => {
    const { service, published } = build({ firstInWindow: false });
    expect(await service.raise(runner, await service.look(NOW), NOW)).toEqual([]);
    expect(published).toEqual([]);
  });
});
