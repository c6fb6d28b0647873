/**
 * When a failed delivery is tried again, and what is remembered about the failure.
 * Pure functions, so the schedule is unit-tested without a database.
 */
export interface RetryPolicy {
  /** Tries in all, the first included; after the last failed one the delivery is parked. */
  maxAttempts: number;
  /** Delay after the first failure; doubled after each further one. */
  baseDelayMs: number;
  /** Upper bound of the delay. */
  maxDelayMs: number;
}

/** Delay before the next try, after `failedAttempts` (>= 1) failed tries: base, 2×base, 4×base … capped. */
export function retryDelayMs(failedAttempts: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // 2^exponent overflows to Infinity long after it passes any sane cap; min() handles both.
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}

export type RetryDecision = { park: true } | { park: false; nextAttemptAt: Date };

export function decideRetry(failedAttempts: number, failedAt: Date, policy: RetryPolicy): RetryDecision {
  if (failedAttempts >= policy.maxAttempts) return { park: true };
  return { park: false, nextAttemptAt: new Date(failedAt.getTime() + retryDelayMs(failedAttempts, policy)) };
}

export const MAX_ERROR_LENGTH = 300;

/**
 * What is stored (and logged) about a failure: the error's class, its SQLSTATE if it is a
 * database error, and the start of its message. Never the stack, a database error's `detail`
 * (which quotes row values) or anything thrown that is not an Error (it could be anything,
 * content included). Handlers must keep content out of their own messages.
 */
export function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return `Non-error value thrown (${err === null ? 'null' : typeof err})`;
  const code = (err as { code?: unknown }).code;
  const name = err.name && err.name !== 'Error' ? err.name : err.constructor?.name || 'Error';
  const head = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `${name} [${code}]` : name;
  const text = `${head}: ${err.message}`.replace(/\s+/g, ' ').trim();
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
