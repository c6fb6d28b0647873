import { auditChainBroken, diskNearlyFull, diskUsedPercent, failedAttemptsBurst, hourlySeries, lastingCondition, submissionsSurge, windowStartOf } from './alert-rules';

// Monday 2 November 2026, 10:37:12 WITA.
const NOW = new Date('2026-11-02T02:37:12Z');
const SUBMISSIONS = { minPerHour: 10, factor: 5, baselineHours: 6 };

describe('windowStartOf', () => {
  it('puts a time in a fixed window aligned to the epoch, so WITA hours and quarter hours line up', () => {
    expect(windowStartOf(NOW, 60)).toEqual(new Date('2026-11-02T02:00:00Z'));
    expect(windowStartOf(NOW, 15)).toEqual(new Date('2026-11-02T02:30:00Z'));
    expect(windowStartOf(NOW, 24 * 60)).toEqual(new Date('2026-11-02T00:00:00Z')); // 08:00 WITA
    expect(windowStartOf(new Date('2026-11-02T02:29:59.999Z'), 15)).toEqual(new Date('2026-11-02T02:15:00Z'));
  });
});

describe('submissionsSurge', () => {
  it('keeps the floor when the recent norm is low', () => {
    expect(submissionsSurge(NOW, 9, [0, 1, 0, 2, 1, 0], SUBMISSIONS)).toEqual({
      kind: 'submissions-surge',
      figure: 9,
      threshold: 10,
      windowStart: new Date('2026-11-02T02:00:00Z'),
      windowMinutes: 60,
      raised: false,
    });
    expect(submissionsSurge(NOW, 10, [0, 1, 0, 2, 1, 0], SUBMISSIONS).raised).toBe(true);
  });

  it('rises with the median of the previous hours, times the factor', () => {
    // Median of 3, 4, 4, 5, 6, 9 is 4.5: threshold 23.
    const busy = [4, 3, 9, 5, 4, 6];
    expect(submissionsSurge(NOW, 22, busy, SUBMISSIONS)).toMatchObject({ threshold: 23, raised: false });
    expect(submissionsSurge(NOW, 23, busy, SUBMISSIONS)).toMatchObject({ threshold: 23, raised: true });
  });

  it('is not lifted by one earlier burst (the median ignores it)', () => {
    expect(submissionsSurge(NOW, 12, [0, 0, 300, 0, 1, 0], SUBMISSIONS)).toMatchObject({ threshold: 10, raised: true });
  });

  it('uses the floor when there is no history at all', () => {
    expect(submissionsSurge(NOW, 10, [], SUBMISSIONS)).toMatchObject({ threshold: 10, raised: true });
  });
});

describe('hourlySeries', () => {
  it('fills the hours without reports with zeros, oldest first', () => {
    const hour = new Date('2026-11-02T02:00:00Z');
    const counts = new Map([
      [Date.parse('2026-11-02T01:00:00Z'), 3],
      [Date.parse('2026-11-01T23:00:00Z'), 1],
      [Date.parse('2026-11-01T20:00:00Z'), 7],
    ]);
    expect(hourlySeries(hour, 4, counts)).toEqual([0, 1, 0, 3]);
  });
});

describe('failedAttemptsBurst', () => {
  it('raises at the threshold within the current window, not below', () => {
    expect(failedAttemptsBurst('staff-sign-in-failures', NOW, 19, 20, 15)).toEqual({
      kind: 'staff-sign-in-failures',
      figure: 19,
      threshold: 20,
      windowStart: new Date('2026-11-02T02:30:00Z'),
      windowMinutes: 15,
      raised: false,
    });
    expect(failedAttemptsBurst('receipt-failures', NOW, 20, 20, 15)).toMatchObject({ kind: 'receipt-failures', raised: true });
  });
});

describe('lastingCondition', () => {
  it('raises while parked work is at or above the threshold, once per repeat window', () => {
    expect(lastingCondition('mail-parked', NOW, 0, 1, 24)).toMatchObject({ raised: false, figure: 0 });
    expect(lastingCondition('events-parked', NOW, 3, 1, 24)).toEqual({
      kind: 'events-parked',
      figure: 3,
      threshold: 1,
      windowStart: new Date('2026-11-02T00:00:00Z'),
      windowMinutes: 1440,
      raised: true,
    });
    expect(lastingCondition('mail-parked', NOW, 4, 5, 6).windowStart).toEqual(new Date('2026-11-02T00:00:00Z'));
  });
});

describe('diskNearlyFull', () => {
  it('reads the share in use as df does: blocks kept for root are not room', () => {
    // 1000 blocks, 100 free of which 50 only for root: 900 used of 950 usable = 94.7 %, shown 95.
    expect(diskUsedPercent({ blocks: 1000, bfree: 100, bavail: 50 })).toBe(95);
    expect(diskUsedPercent({ blocks: 1000, bfree: 1000, bavail: 1000 })).toBe(0);
    expect(diskUsedPercent({ blocks: 0, bfree: 0, bavail: 0 })).toBe(0);
  });

  it('raises at or above the threshold', () => {
    expect(diskNearlyFull(NOW, { blocks: 1000, bfree: 110, bavail: 100 }, 90, 24)).toMatchObject({ figure: 90, threshold: 90, raised: true });
    expect(diskNearlyFull(NOW, { blocks: 1000, bfree: 120, bavail: 120 }, 90, 24)).toMatchObject({ figure: 88, raised: false });
  });
});

describe('auditChainBroken', () => {
  it('raises on any broken link and names the first broken entry', () => {
    expect(auditChainBroken(NOW, { ok: true }, 24)).toMatchObject({ kind: 'audit-chain-broken', figure: 0, threshold: null, raised: false });
    expect(auditChainBroken(NOW, { ok: false, firstBroken: { seq: 4711 } }, 24)).toMatchObject({ figure: 4711, raised: true, windowStart: new Date('2026-11-02T00:00:00Z') });
  });
});
