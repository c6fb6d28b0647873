import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { EventLoopUtilization, performance } from 'node:perf_hooks';

/**
 * Lets background work (event deliveries, mail) give way to requests when the process is
 * saturated. A reporter waiting for their receipt matters more than an e-mail to staff being a
 * few seconds late, and both share the event loop and the database (on a small server, the same
 * cores). The process counts as busy while BUSY_REQUESTS or more requests are in flight, or its
 * event loop was more than BUSY_ABOVE utilised over the last SAMPLE_MS; then `pace()` waits
 * PAUSE_MS before the next batch. Otherwise it resolves at once, so an inspectorate's ordinary
 * day sees its notices immediately; after a burst the backlog drains at full speed.
 */
@Injectable()
export class BackgroundPacer implements OnModuleDestroy {
  static readonly SAMPLE_MS = 200;
  static readonly BUSY_ABOVE = 0.8;
  static readonly PAUSE_MS = 250;
  static readonly BUSY_REQUESTS = 4;
  private inFlight = 0;
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private utilisation = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.eventLoopUtilization();
      this.utilisation = performance.eventLoopUtilization(now, this.last).utilization;
      this.last = now;
    }, BackgroundPacer.SAMPLE_MS);
    this.timer.unref();
  }

  get busy(): boolean {
    return this.inFlight >= BackgroundPacer.BUSY_REQUESTS || this.utilisation > BackgroundPacer.BUSY_ABOVE;
  }

  /** Express middleware counting requests in flight. */
  readonly countRequests = (_req: unknown, res: { once(event: 'close', fn: () => void): unknown }, next: () => void): void => {
    this.inFlight++;
    res.once('close', () => this.inFlight--);
    next();
  };

  /**
   * Resolves at once when there is spare capacity, after a short pause when there is not. The
   * pause keeps the process alive: unreferenced, a stop waiting for a paced drain saw the event
   * loop empty and the process exit 0 in the middle of its shutdown (app and database not closed).
   */
  async pace(): Promise<void> {
    if (this.busy) await new Promise((r) => setTimeout(r, BackgroundPacer.PAUSE_MS));
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
