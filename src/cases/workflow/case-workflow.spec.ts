import { ValidationFailed } from '../../platform/http/domain-error';
import { CASE_STATUSES, CaseStatus } from '../case.types';
import { clockMoves, moveRequirements, nextStatuses, planTransition, TransitionNotAllowed } from './case-workflow';

describe('planTransition', () => {
  const fields = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationFailed) return e.errors.map((x) => x.field).sort();
      throw e;
    }
    return [];
  };

  it('allows the moves of the case life and no others', () => {
    expect(planTransition('received', { to: 'verifying', reason: 'lengkap' }, null).to).toBe('verifying');
    expect(planTransition('verifying', { to: 'investigating', reason: 'r', track: 'examination' }, null).track).toBe('examination');
    expect(() => planTransition('received', { to: 'investigating', reason: 'r', track: 'complaint' }, null)).toThrow(TransitionNotAllowed);
    expect(() => planTransition('investigating', { to: 'verifying', reason: 'r' }, 'complaint')).toThrow(TransitionNotAllowed);
    expect(() => planTransition('received', { to: 'archived', reason: 'r' }, null)).toThrow(TransitionNotAllowed);
    expect(() => planTransition('received', { to: 'received', reason: 'r' }, null)).toThrow(TransitionNotAllowed);
  });

  it('needs a reason for every move and calls a reopening one', () => {
    expect(fields(() => planTransition('received', { to: 'verifying' }, null))).toEqual(['reason']);
    const reopen = planTransition('closed', { to: 'investigating', reason: 'bukti baru' }, 'complaint');
    expect(reopen).toMatchObject({ reopening: true, track: 'complaint' });
    expect(() => planTransition('closed', { to: 'verifying', reason: ' ' }, null)).toThrow(ValidationFailed);
  });

  it('needs an outcome allowed from the current status and a summary to close', () => {
    expect(fields(() => planTransition('investigating', { to: 'closed', reason: 'r' }, 'complaint'))).toEqual(['outcome', 'summary']);
    expect(fields(() => planTransition('received', { to: 'closed', reason: 'r', outcome: 'substantiated', summary: 's' }, null))).toEqual(['outcome']);
    const closed = planTransition('investigating', { to: 'closed', reason: 'r', outcome: 'referred', summary: 'Diteruskan ke APH' }, 'examination');
    expect(closed).toMatchObject({ outcome: 'referred', summary: 'Diteruskan ke APH' });
  });

  it('needs the other case when closing as a duplicate', () => {
    expect(fields(() => planTransition('received', { to: 'closed', reason: 'r', outcome: 'duplicate', summary: 's' }, null))).toEqual(['duplicateOf']);
  });

  it('needs a track to investigate', () => {
    expect(fields(() => planTransition('verifying', { to: 'investigating', reason: 'r', track: 'audit' }, null))).toEqual(['track']);
  });
});

/**
 * Every pair of statuses against the SLA clocks (DESIGN.md §6). The table is the specification:
 * a row for every allowed move with the clocks it stops and starts; every other pair is refused.
 */
describe('clockMoves', () => {
  type Row = { stop: string[]; start: string[] };
  const ALLOWED: Record<string, Row> = {
    // Triage inside verification: its clock keeps running from receipt.
    'received→verifying': { stop: [], start: ['feedback'] },
    'received→closed': { stop: ['verification', 'feedback'], start: [] },
    'verifying→investigating': { stop: ['verification'], start: ['investigation', 'feedback'] },
    'verifying→closed': { stop: ['verification', 'feedback'], start: [] },
    'investigating→closed': { stop: ['investigation', 'feedback'], start: [] },
    'closed→verifying': { stop: [], start: ['verification', 'feedback'] },
    'closed→investigating': { stop: [], start: ['investigation', 'feedback'] },
  };
  /** A request that passes every field check for the move, so only the move itself is judged. */
  const validRequest = (to: string) => ({
    to,
    reason: 'alasan',
    track: 'complaint',
    outcome: 'rejected',
    summary: 'Ringkasan untuk pelapor',
    duplicateOf: '00000000-0000-4000-8000-000000000000',
  });
  const pairs = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));

  it('covers every allowed move in the table and nothing more', () => {
    const allowed = pairs.filter(([from, to]) => {
      try {
        planTransition(from, validRequest(to), 'complaint');
        return true;
      } catch (e) {
        if (e instanceof TransitionNotAllowed) return false;
        throw e;
      }
    });
    expect(allowed.map(([from, to]) => `${from}→${to}`).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it.each(pairs)('%s → %s: stops and starts the clocks of the table, or is refused', (from, to) => {
    const row = ALLOWED[`${from}→${to}`];
    if (!row) {
      expect(() => planTransition(from, validRequest(to), 'complaint')).toThrow(TransitionNotAllowed);
      return;
    }
    expect(planTransition(from, validRequest(to), 'complaint').to).toBe(to);
    expect(clockMoves(from, to)).toEqual(row);
  });

  it('never stops and starts the same clock in one move', () => {
    for (const key of Object.keys(ALLOWED)) {
      const [from, to] = key.split('→') as [CaseStatus, CaseStatus];
      const { stop, start } = clockMoves(from, to);
      expect(stop.filter((k) => start.includes(k))).toEqual([]);
    }
  });
});

describe('nextStatuses and moveRequirements', () => {
  it('offers exactly the moves of the table', () => {
    expect(nextStatuses('received')).toEqual(['verifying', 'closed']);
    expect(nextStatuses('verifying')).toEqual(['investigating', 'closed']);
    expect(nextStatuses('investigating')).toEqual(['closed']);
    expect(nextStatuses('closed')).toEqual(['verifying', 'investigating']);
  });

  it('asks each move only for what it needs', () => {
    expect(moveRequirements('received', 'verifying')).toMatchObject({ outcomes: [], summary: false, duplicateOf: false, track: false, reopening: false });
    expect(moveRequirements('received', 'closed')).toMatchObject({ outcomes: ['rejected', 'duplicate'], summary: true, duplicateOf: true, track: false });
    expect(moveRequirements('verifying', 'investigating')).toMatchObject({ outcomes: [], summary: false, track: true });
    expect(moveRequirements('investigating', 'closed').outcomes).toContain('substantiated');
    expect(moveRequirements('closed', 'investigating')).toMatchObject({ track: true, reopening: true });
  });

  it('refuses a move the table does not have', () => {
    expect(() => moveRequirements('received', 'investigating')).toThrow(TransitionNotAllowed);
    expect(() => moveRequirements('investigating', 'verifying')).toThrow(TransitionNotAllowed);
    expect(() => moveRequirements('received', 'archived')).toThrow(TransitionNotAllowed);
    expect(() => moveRequirements('received', 'constructor')).toThrow(TransitionNotAllowed);
  });
});
