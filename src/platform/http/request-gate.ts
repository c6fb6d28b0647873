import type { NextFunction, Request, Response } from 'express';
import { respondWithError } from './http-error.filter';

/** Probes answer even when the instance is full: a refused probe would take it out of service. */
const EXEMPT = /^\/(health\/(live|ready)|metrics)$/;
/** A refused client tries again after this; short, since a burst passes quickly. */
const RETRY_AFTER_SECONDS = 2;

/**
 * Bounds the requests one instance works on at once. Past the bound a request is refused at
 * once with 503 and Retry-After instead of queueing behind the others: the requests accepted
 * stay fast, and a client (or the proxy) tries again or another instance. On a stop, every
 * response from then on closes its keep-alive connection, so the listener drains quickly.
 */
export class RequestGate {
  private inFlight = 0;
  private stopping = false;
  /** Requests refused since start (a metric). */
  refused = 0;

  constructor(private readonly max: number) {}

  get active(): number {
    return this.inFlight;
  }

  /** Whether a stop has begun (Readiness reads it for /health/ready). */
  get closing(): boolean {
    return this.stopping;
  }

  beginShutdown(): void {
    this.stopping = true;
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.stopping) res.setHeader('Connection', 'close');
    if (EXEMPT.test(req.path)) return next();
    if (this.inFlight >= this.max) {
      this.refused++;
      respondWithError(req, res, { status: 503, code: 'overloaded', message: 'http.overloaded', retryAfter: RETRY_AFTER_SECONDS });
      return;
    }
    this.inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight--;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
