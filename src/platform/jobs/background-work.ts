import { Injectable } from '@nestjs/common';

/**
 * The process's background work (event deliveries, mail, audit chaining, scheduled jobs),
 * stopped as one, first, when a stop signal arrives: before HTTP requests are waited for and
 * long before the database goes away (the embedded one may be stopped by the same signal). A
 * round in progress finishes; what is left stays in its table for the next start or another
 * instance. Stopping this way keeps a shutdown quiet: no work starts on connections that are
 * about to be cut.
 */
@Injectable()
export class BackgroundWork {
  private readonly stoppers: (() => Promise<void>)[] = [];
  private stopping: Promise<void> | null = null;

  /** Registers a worker's stop (it must be safe to call twice). */
  add(stop: () => Promise<void>): void {
    this.stoppers.push(stop);
  }

  /** Stops every worker; all of them are asked at once, so none starts a new round meanwhile. */
  stopAll(): Promise<void> {
    this.stopping ??= Promise.all(this.stoppers.map((stop) => stop())).then(() => undefined);
    return this.stopping;
  }
}
