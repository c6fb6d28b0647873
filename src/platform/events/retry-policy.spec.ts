import { QueryFailedError } from 'typeorm';
import { decideRetry, describeFailure, MAX_ERROR_LENGTH, retryDelayMs } from './retry-policy';

const policy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 30_000 };

describe('retryDelayMs', () => {
  it('doubles from the base after each failure, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('stays at the cap however many failures there were', () => {
    expect(retryDelayMs(5000, policy)).toBe(30_000);
  });
});

describe('decideRetry', () => {
  const at = new Date('2026-03-02T01:00:00Z');

  it('schedules the next try from the failure time', () => {
    expect(decideRetry(3, at, policy)).toEqual({ park: false, nextAttemptAt: new Date('2026-03-02T01:00:04Z') });
  });

  it('parks after the last try', () => {
    expect(decideRetry(7, at, policy)).toMatchObject({ park: false });
    expect(decideRetry(8, at, policy)).toEqual({ park: true });
  });
});

describe('describeFailure', () => {
  it('keeps the class name and message', () => {
    class MailQueueFull extends Error {}
    expect(describeFailure(new MailQueueFull('queue is full'))).toBe('MailQueueFull: queue is full');
    expect(describeFailure(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
  });

  it('adds the SQLSTATE of a database error but not its detail', () => {
    const err = new QueryFailedError(
      'INSERT …',
      [],
      Object.assign(new Error('duplicate key value violates unique constraint "x_key"'), {
        code: '23505',
        detail: 'Key (email)=(pelapor@example.org) already exists.',
      }),
    );
    const text = describeFailure(err);
    expect(text).toBe('QueryFailedError [23505]: duplicate key value violates unique constraint "x_key"');
    expect(text).not.toContain('pelapor');
  });

  it('truncates long messages to what the table accepts', () => {
    const text = describeFailure(new Error('x'.repeat(5000)));
    expect(text.length).toBe(MAX_ERROR_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });

  it('does not store a thrown value that is not an Error', () => {
    expect(describeFailure({ narrative: 'secret' })).toBe('Non-error value thrown (object)');
    expect(describeFailure('secret')).toBe('Non-error value thrown (string)');
  });
});
