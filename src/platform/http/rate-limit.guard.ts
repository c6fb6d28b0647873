import { CanActivate, ExecutionContext, Inject, Injectable, OnModuleDestroy, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig, RateLimitBucket } from '../config/app-config';
import { addressKey } from './address-key';
import { TooManyRequests } from './domain-error';

const BUCKET = 'wbs:rate-limit-bucket';
const WINDOW_MS = 60_000;

/** Limits the handler to the configured attempts per minute per client for `bucket`. */
export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(BUCKET, bucket);

/**
 * Fixed one-minute windows counted in memory, per bucket and per client, where the client is a
 * daily-rotating hash of the address, never the address itself (DESIGN.md §5).
 *
 * Our own counter rather than @nestjs/throttler's storage: that one keeps every hit's time per
 * key and filters the list on each request, so one busy address costs O(hits) per request; a
 * counter costs O(1) and bounds memory to one small record per active client.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleDestroy {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), WINDOW_MS).unref();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const bucket = this.reflector.get<RateLimitBucket | undefined>(BUCKET, context.getHandler());
    if (!bucket) return true;
    const now = Date.now();
    const key = `${bucket}:${addressKey(context.switchToHttp().getRequest<Request>().ip, now)}`;
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count > this.config.rateLimits[bucket]) {
      throw new TooManyRequests('http.too_many_requests', Math.max(1, Math.ceil((window.resetAt - now) / 1000)));
    }
    return true;
  }

  /** Drops finished windows so memory follows the clients active this minute. */
  private sweep(): void {
    const now = Date.now();
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
