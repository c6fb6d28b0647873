import { ValidationFailed } from '../../platform/http/domain-error';
import { planTransition, TransitionNotAllowed } from './case-workflow';

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
