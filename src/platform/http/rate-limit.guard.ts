import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig, RateLimitBucket } from '../config/app-config';
import { addressKey } from './address-key';
import { TooManyRequests } from './domain-error';

const BUCKET = 'wbs:rate-limit-bucket';
const WINDOW_MS = 60_000;

/** Limits the handler to the configured attempts per minute per client for `bucket`. */
export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(BUCKET, bucket);

/**
 * @nestjs/throttler's in-memory storage, keyed by a daily-rotating hash of the client address
 * (never the address itself), with per-bucket limits from the configuration.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly storage = new ThrottlerStorageService();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<RateLimitBucket | undefined>(BUCKET, context.getHandler());
    if (!bucket) return true;
    const limit = this.config.rateLimits[bucket];
    const req = context.switchToHttp().getRequest<Request>();
    const record = await this.storage.increment(`${bucket}:${addressKey(req.ip)}`, WINDOW_MS, limit, WINDOW_MS, bucket);
    if (record.isBlocked) throw new TooManyRequests('http.too_many_requests', Math.max(1, Math.ceil(record.timeToBlockExpire)));
    return true;
  }

  onModuleDestroy(): void {
    this.storage.onApplicationShutdown();
  }
}
