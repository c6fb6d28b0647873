import type { RetryPolicy } from './retry-policy';

/** How the in-process dispatcher runs. Defaults suit production; tests shorten the waits. */
export interface EventsOptions {
  /**
   * Start the dispatcher on application bootstrap. The app passes `false` when another
   * transport (NATS, later) delivers; tests pass `false` to start and stop it themselves.
   */
  autoStart: boolean;
  /** `local`: this dispatcher fans events out to this process's subscribers; `nats`: it relays them to JetStream. */
  transport: 'local' | 'nats';
  /** Fallback wake-up when no notification arrives; also when retries fall due. */
  pollIntervalMs: number;
  /** Outbox rows claimed per fan-out transaction. */
  fanOutBatchSize: number;
  /** Deliveries handled at once by this process (each holds a pooled connection while it runs). */
  concurrency: number;
  /** Deliveries a worker claims and handles in one transaction (each behind its own savepoint). */
  deliveryBatchSize: number;
  retry: RetryPolicy;
  /** Backoff of the LISTEN connection's reconnects. */
  listenReconnectMinMs: number;
  listenReconnectMaxMs: number;
}

export const DEFAULT_EVENTS_OPTIONS: EventsOptions = {
  autoStart: true,
  transport: 'local',
  pollIntervalMs: 1000,
  fanOutBatchSize: 100,
  concurrency: 4,
  deliveryBatchSize: 16,
  // 1 s, 2 s, 4 s … 64 s: parked about two minutes after the first failure. Handlers only
  // write to the database, so what still fails after that is a bug or bad data for an
  // admin to look at, not an outage (a database outage fails before an attempt is counted).
  retry: { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 5 * 60 * 1000 },
  listenReconnectMinMs: 250,
  listenReconnectMaxMs: 30_000,
};

export type EventsOptionsInput = Partial<Omit<EventsOptions, 'retry'>> & { retry?: Partial<RetryPolicy> };

export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');

/** Fills in defaults and refuses nonsense at boot rather than at the first event. */
export function resolveEventsOptions(input: EventsOptionsInput = {}): EventsOptions {
  const options: EventsOptions = {
    ...DEFAULT_EVENTS_OPTIONS,
    ...input,
    retry: { ...DEFAULT_EVENTS_OPTIONS.retry, ...input.retry },
  };
  const positive: Array<[string, number]> = [
    ['pollIntervalMs', options.pollIntervalMs],
    ['fanOutBatchSize', options.fanOutBatchSize],
    ['concurrency', options.concurrency],
    ['deliveryBatchSize', options.deliveryBatchSize],
    ['retry.maxAttempts', options.retry.maxAttempts],
    ['retry.baseDelayMs', options.retry.baseDelayMs],
    ['retry.maxDelayMs', options.retry.maxDelayMs],
    ['listenReconnectMinMs', options.listenReconnectMinMs],
    ['listenReconnectMaxMs', options.listenReconnectMaxMs],
  ];
  for (const [name, value] of positive) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`Events option ${name} must be a whole number >= 1 (got ${value}).`);
  }
  return options;
}
