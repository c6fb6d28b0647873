import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../platform/config/app-config';
import type { StoredEvent } from '../../platform/events';
import type { InsightsCountsRepository } from './insights-counts.repository';
import { hoursBetween, InsightsCountsSubscriber, moveItems, submissionItems } from './insights-counts.subscriber';

const move = (over: Record<string, unknown> = {}) => ({
  caseId: 'c1',
  from: 'verifying',
  to: 'investigating',
  outcome: null,
  track: 'complaint',
  reopened: false,
  changedBy: 's1',
  at: '2026-03-05T03:59:59.000Z',
  moveId: '42',
  categoryCode: 'corruption',
  submittedAt: '2026-03-01T04:00:00.000Z',
  late: false,
  ...over,
});

describe('what an event adds to the statistics counts', () => {
  it('counts whole hours since submission, never below zero', () => {
    expect(hoursBetween('2026-03-01T04:00:00.000Z', '2026-03-05T03:59:59.000Z')).toBe(95);
    expect(hoursBetween('2026-03-01T04:00:00.000Z', '2026-03-01T03:00:00.000Z')).toBe(0);
  });

  it('counts a verification with its hours, for its category and for all', () => {
    expect(moveItems(move() as never)).toEqual([
      { measure: 'decision', category: 'corruption', key: 'verification|0||0' },
      { measure: 'verification_hours', category: 'corruption', key: '95' },
      { measure: 'verification_hours', category: '*', key: '95' },
    ]);
  });

  it('counts a late closing out of investigating as an investigation and a closing', () => {
    expect(moveItems(move({ from: 'investigating', to: 'closed', outcome: 'substantiated', late: true }) as never)).toEqual([
      { measure: 'decision', category: 'corruption', key: 'investigation|1|substantiated|1' },
      { measure: 'closing_hours', category: 'corruption', key: '95' },
      { measure: 'closing_hours', category: '*', key: '95' },
    ]);
  });

  it('counts a rejection straight from received as a verification and a closing', () => {
    expect(moveItems(move({ from: 'received', to: 'closed', outcome: 'rejected' }) as never).map((i) => `${i.measure}:${i.category}`)).toEqual([
      'decision:corruption',
      'verification_hours:corruption',
      'closing_hours:corruption',
      'verification_hours:*',
      'closing_hours:*',
    ]);
  });

  it('counts no decision for a move into verifying or a reopening', () => {
    expect(moveItems(move({ from: 'received', to: 'verifying' }) as never)).toEqual([]);
    expect(moveItems(move({ from: 'closed', to: 'investigating', reopened: true }) as never)).toEqual([]);
  });

  it('counts a report by channel and OPD, none named as the empty key', () => {
    expect(
      submissionItems({
        caseId: 'c1',
        number: 'WBS-2026-00001',
        categoryCode: 'gratification',
        opdCode: null,
        channel: 'letter',
        anonymous: true,
        attachmentCount: 0,
        submittedAt: '2026-03-01T04:00:00.000Z',
      }),
    ).toEqual([
      { measure: 'channel', category: 'gratification', key: 'letter' },
      { measure: 'opd', category: 'gratification', key: '' },
    ]);
  });
});

describe(InsightsCountsSubscriber.name, () => {
  const m = {} as EntityManager;
  const setup = (fresh: boolean) => {
    const repo = { markCase: jest.fn(async () => fresh), markMove: jest.fn(async () => fresh), add: jest.fn(), moveOpen: jest.fn(), refreshCase: jest.fn(), serialise: jest.fn() };
    const sub = new InsightsCountsSubscriber(repo as unknown as InsightsCountsRepository, { tzName: 'Asia/Makassar' } as AppConfig);
    return { repo, sub };
  };
  const event = (type: string, payload: object): StoredEvent => ({ id: 'e1', type, payload: payload as never, occurredAt: new Date() });

  it('counts a move once: its counts and the open cases per status', async () => {
    const { repo, sub } = setup(true);
    await sub.handle(event('cases.status-changed', move()), m);
    expect(repo.markMove).toHaveBeenCalledWith(m, '42');
    expect(repo.add).toHaveBeenCalledWith(m, '2026-03-05T03:59:59.000Z', 'Asia/Makassar', moveItems(move() as never));
    expect(repo.moveOpen).toHaveBeenCalledWith(m, 'corruption', 'verifying', 'investigating');
  });

  it('adds nothing for a move or a report already counted (a second delivery, or one a rebuild counted)', async () => {
    const { repo, sub } = setup(false);
    await sub.handle(event('cases.status-changed', move()), m);
    await sub.handle(event('intake.report-submitted', { caseId: 'c1', categoryCode: 'corruption', opdCode: null, channel: 'web', submittedAt: '2026-03-01T04:00:00.000Z' }), m);
    expect(repo.add).not.toHaveBeenCalled();
    expect(repo.moveOpen).not.toHaveBeenCalled();
    // The case's "now" rows are refreshed whatever: that is idempotent by itself.
    expect(repo.refreshCase).toHaveBeenCalledTimes(2);
  });

  it.each(['cases.case-assigned', 'cases.case-unassigned', 'cases.inspector-recused', 'sla.deadline-breached', 'cases.reporter-message-sent'])(
    "refreshes the case's open assignees and ongoing breaches on %s, counting nothing else",
    async (type) => {
      const { repo, sub } = setup(true);
      expect(sub.events).toContain(type);
      await sub.handle(event(type, { caseId: 'c9' }), m);
      expect(repo.refreshCase).toHaveBeenCalledWith(m, 'c9');
      expect(repo.serialise.mock.invocationCallOrder[0]).toBeLessThan(repo.refreshCase.mock.invocationCallOrder[0]);
      expect(repo.add).not.toHaveBeenCalled();
      expect(repo.moveOpen).not.toHaveBeenCalled();
    },
  );

  it('leaves an event from before the upgrade (no move id) to the rebuild', async () => {
    const { repo, sub } = setup(true);
    await sub.handle(event('cases.status-changed', move({ moveId: undefined })), m);
    expect(repo.markMove).not.toHaveBeenCalled();
  });

  it('opens a new report as received', async () => {
    const { repo, sub } = setup(true);
    await sub.handle(event('intake.report-submitted', { caseId: 'c1', categoryCode: 'corruption', opdCode: 'DINKES', channel: 'web', submittedAt: '2026-03-01T04:00:00.000Z' }), m);
    expect(repo.add).toHaveBeenCalledWith(m, '2026-03-01T04:00:00.000Z', 'Asia/Makassar', [
      { measure: 'channel', category: 'corruption', key: 'web' },
      { measure: 'opd', category: 'corruption', key: 'DINKES' },
    ]);
    expect(repo.moveOpen).toHaveBeenCalledWith(m, 'corruption', null, 'received');
  });
});
