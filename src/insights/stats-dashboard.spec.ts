import { assembleDashboard, DashboardInput, decisionCounts, type DecisionRow } from './stats-dashboard';

const hidden = { hidden: true, below: 3 };
const now = new Date('2026-11-28T08:00:00Z');

function input(over: Partial<DashboardInput> = {}): DashboardInput {
  return {
    filters: { from: '2026-09-01', to: '2026-11-28', category: null },
    months: ['2026-09', '2026-10', '2026-11'],
    submissions: {
      byMonth: new Map([
        [0, 4],
        [2, 2],
      ]),
      byCategory: new Map([
        ['corruption', 5],
        ['pungli', 1],
      ]),
      byOpd: new Map<string | null, number>([
        ['DINKES', 3],
        ['DISDIK', 2],
        ['BAPPEDA', 1],
        [null, 4],
        ['SETWAN', 0],
      ]),
      byChannel: new Map([
        ['web', 5],
        ['phone', 1],
      ]),
      byOpdCategory: [],
    },
    decisions: decisionCounts([]),
    openByStatus: new Map([
      ['received', 2],
      ['investigating', 3],
    ]),
    openByAssignee: [
      { staffId: 'b', name: 'Budi', count: 3 },
      { staffId: 'a', name: 'Ani', count: 1 },
      { staffId: null, name: null, count: 2 },
    ],
    openBreaches: new Map([['feedback', 4]]),
    categories: [
      { code: 'corruption', nameId: 'Korupsi', nameEn: 'Corruption', active: true },
      { code: 'pungli', nameId: 'Pungutan liar', nameEn: 'Illegal levies', active: true },
      { code: 'old', nameId: 'Lama', nameEn: 'Old', active: false },
    ],
    opdNames: new Map([
      ['DINKES', 'Dinas Kesehatan'],
      ['DISDIK', 'Dinas Pendidikan'],
      ['BAPPEDA', 'Bappeda'],
    ]),
    ratings: new Map([
      [5, 2],
      [4, 1],
      [1, 1],
    ]),
    labels: [
      { id: 'l1', name: 'Mendesak', colour: '#b91c1c', open: 3, all: 1 },
      { id: 'l2', name: 'Sorotan media', colour: '#fde047', open: 0, all: 4 },
    ],
    ...over,
  };
}

const decision = (stage: DecisionRow['stage'], hours: number, opts: Partial<DecisionRow> = {}): DecisionRow => ({ stage, closing: false, outcome: null, late: false, hours, count: 1, ...opts });

describe(assembleDashboard.name, () => {
  it('hides every count of 1 or 2, shows 0 and 3 or more', () => {
    const d = assembleDashboard(input(), 3, 'id', now);
    expect(d.reports.total).toBe(6);
    expect(d.reports.byMonth).toEqual([
      { month: '2026-09', count: 4 },
      { month: '2026-10', count: 0 },
      { month: '2026-11', count: hidden },
    ]);
    expect(d.reports.byCategory).toEqual([
      { code: 'corruption', name: 'Korupsi', count: 5 },
      { code: 'pungli', name: 'Pungutan liar', count: hidden },
    ]);
    expect(d.reports.byChannel.find((c) => c.channel === 'phone')!.count).toEqual(hidden);
    expect(d.reports.byChannel.find((c) => c.channel === 'email')!.count).toBe(0);
    expect(d.open.byStatus).toEqual([
      { status: 'received', count: hidden },
      { status: 'verifying', count: 0 },
      { status: 'investigating', count: 3 },
    ]);
    expect(d.open.total).toBe(5);
    expect(d.open.unassigned).toEqual(hidden);
    expect(d.breaches.byKind).toEqual([
      { kind: 'verification', count: 0 },
      { kind: 'investigation', count: 0 },
      { kind: 'feedback', count: 4 },
    ]);
  });

  it('orders OPDs by count among shown groups, then hidden ones by name, so order does not tell 1 from 2', () => {
    const d = assembleDashboard(input(), 3, 'en', now);
    expect(d.reports.byOpd).toEqual([
      { code: null, name: null, count: 4 },
      { code: 'DINKES', name: 'Dinas Kesehatan', count: 3 },
      { code: 'BAPPEDA', name: 'Bappeda', count: hidden },
      { code: 'DISDIK', name: 'Dinas Pendidikan', count: hidden },
    ]);
  });

  it('lists inspectors by name with the rule applied, and names categories in the language asked', () => {
    const d = assembleDashboard(input(), 3, 'en', now);
    expect(d.open.byInspector).toEqual([
      { staffId: 'a', name: 'Ani', count: hidden },
      { staffId: 'b', name: 'Budi', count: 3 },
    ]);
    expect(d.reports.byCategory.map((c) => c.name)).toEqual(['Corruption', 'Illegal levies']);
  });

  it('shows only the filtered category', () => {
    const d = assembleDashboard(input({ filters: { from: '2026-09-01', to: '2026-11-28', category: 'old' } }), 3, 'id', now);
    expect(d.reports.byCategory).toEqual([{ code: 'old', name: 'Lama', count: 0 }]);
  });

  it('computes shares within SLA and medians from decisions, hiding those of small groups', () => {
    const decisions = [
      decision('verification', 24),
      decision('verification', 48, { late: true }),
      decision('verification', 96, { closing: true, outcome: 'rejected' }),
      decision('verification', 120, { count: 1 }),
      decision('investigation', 240, { closing: true, outcome: 'substantiated', late: true }),
      decision('investigation', 480, { closing: true, outcome: 'substantiated' }),
    ];
    const d = assembleDashboard(input({ decisions: decisionCounts(decisions) }), 3, 'id', now);
    expect(d.verification).toEqual({ completed: 4, withinSlaShare: 0.75, medianDays: 3 }); // 1, 2, 4, 5 days → 3
    expect(d.investigation).toEqual({ completed: hidden, withinSlaShare: hidden });
    expect(d.closure.closed).toBe(3);
    expect(d.closure.medianDays).toBe(10); // 4, 10, 20 days
    expect(d.closure.byOutcome).toEqual([
      { outcome: 'substantiated', count: hidden },
      { outcome: 'not_substantiated', count: 0 },
      { outcome: 'referred', count: 0 },
      { outcome: 'rejected', count: hidden },
      { outcome: 'duplicate', count: 0 },
    ]);
  });

  it('has no share or median for an empty group', () => {
    const d = assembleDashboard(input(), 3, 'id', now);
    expect(d.verification).toEqual({ completed: 0, withinSlaShare: null, medianDays: null });
    expect(d.closure.medianDays).toBeNull();
  });

  it('shows everything with a minimum of 1', () => {
    const d = assembleDashboard(input(), 1, 'id', now);
    expect(d.reports.byMonth.map((m) => m.count)).toEqual([4, 0, 2]);
    expect(d.open.unassigned).toBe(2);
  });

  it('publishes the average rating and its distribution, hiding small groups', () => {
    const d = assembleDashboard(input(), 3, 'id', now);
    expect(d.satisfaction).toEqual({
      rated: 4,
      average: 3.75,
      byRating: [
        { rating: 5, count: hidden },
        { rating: 4, count: hidden },
        { rating: 3, count: 0 },
        { rating: 2, count: 0 },
        { rating: 1, count: hidden },
      ],
    });
    const few = assembleDashboard(input({ ratings: new Map([[5, 2]]) }), 3, 'id', now);
    expect(few.satisfaction).toMatchObject({ rated: hidden, average: hidden });
    const none = assembleDashboard(input({ ratings: new Map() }), 3, 'id', now);
    expect(none.satisfaction).toMatchObject({ rated: 0, average: null });
  });

  it('counts open and all cases by label, hiding small groups like any other breakdown', () => {
    expect(assembleDashboard(input(), 3, 'id', now).byLabel).toEqual([
      { id: 'l1', name: 'Mendesak', colour: '#b91c1c', open: 3, all: hidden },
      { id: 'l2', name: 'Sorotan media', colour: '#fde047', open: 0, all: 4 },
    ]);
    expect(assembleDashboard(input(), 1, 'id', now).byLabel[0]).toMatchObject({ open: 3, all: 1 });
  });
});
