import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig, RateLimitBucket } from '../../config/app-config';
import { Clock } from '../../clock/clock';
import { TooManyRequests } from '../domain-error';
import { ClientKeys } from './client-keys';
import { CounterStore } from './counter-store';

const BUCKET = 'wbs:rate-limit-bucket';
const WINDOW_MS = 60_000;

/** Limits the handler to the configured attempts per minute per client for `bucket`. */
export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(BUCKET, bucket);

/**
 * Fixed one-minute windows per bucket and per client, where the client is a daily-rotating keyed
 * hash of the address, never the address itself (DESIGN.md §5). The counters live in the
 * CounterStore: this process's memory, or PostgreSQL when several instances must share them.
 *
 * Our own counter rather than @nestjs/throttler's storage: that one keeps every hit's time per
 * key and filters the list on each request, so one busy address costs O(hits) per request; a
 * counter costs O(1) and bounds memory to one small record per active client.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counters: CounterStore,
    private readonly keys: ClientKeys,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<RateLimitBucket | undefined>(BUCKET, context.getHandler());
    if (!bucket) return true;
    const now = this.clock.now();
    const client = this.keys.address(context.switchToHttp().getRequest<Request>().ip, now);
    const window = await this.counters.hit(`${bucket}:${client}`, WINDOW_MS, now);
    if (window.count > this.config.rateLimits[bucket]) {
      throw new TooManyRequests('http.too_many_requests', Math.max(1, Math.ceil((window.resetAt - now.getTime()) / 1000)));
    }
    return true;
  }
}
