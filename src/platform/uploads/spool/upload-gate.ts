import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

const DAY_MS = 86_400_000;

/**
 * What an instance lets uploads take: a number of uploads received at once (each holds a spool
 * file, a database connection while it is stored, and for photos and documents a cleaning slot),
 * and bytes per client per day. Both are counted in memory, per instance, like the rate limits.
 * The client is the rate limiter's daily-rotating keyed hash of the address, never the address;
 * the quota follows the same UTC day as that key, so nothing links one day's counts to the next.
 */
@Injectable()
export class UploadGate {
  private inFlight = 0;
  private day = -1;
  private readonly used = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** A release function when a slot is free (call it exactly once), else null. */
  tryEnter(): (() => void) | null {
    if (this.inFlight >= this.config.uploads.maxConcurrent) return null;
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
    };
  }

  get uploadsInFlight(): number {
    return this.inFlight;
  }

  /** Bytes the client may still send today. */
  remaining(client: string, nowMs = Date.now()): number {
    this.rollOver(nowMs);
    return Math.max(0, this.config.uploads.dailyQuotaBytes - (this.used.get(client) ?? 0));
  }

  /** Counts bytes received; false once the client's day is over its quota. */
  charge(client: string, bytes: number, nowMs = Date.now()): boolean {
    this.rollOver(nowMs);
    const total = (this.used.get(client) ?? 0) + bytes;
    this.used.set(client, total);
    return total <= this.config.uploads.dailyQuotaBytes;
  }

  /** Seconds until the quota starts afresh (the next UTC day). */
  secondsUntilNewDay(nowMs = Date.now()): number {
    return Math.max(1, Math.ceil((DAY_MS - (nowMs % DAY_MS)) / 1000));
  }

  private rollOver(nowMs: number): void {
    const today = Math.floor(nowMs / DAY_MS);
    if (today === this.day) return;
    this.day = today;
    this.used.clear();
  }
}
