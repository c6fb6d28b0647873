import type { Response } from 'express';

/** Errors that tell the client when to try again (429, 503) carry this. */
export function retryAfterOf(error: unknown): number | undefined {
  const seconds = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
}

/** Sets Retry-After for pages that render an error themselves rather than through the filter. */
export function setRetryAfter(res: Response, error: unknown): void {
  const seconds = retryAfterOf(error);
  if (seconds) res.setHeader('Retry-After', String(seconds));
}
