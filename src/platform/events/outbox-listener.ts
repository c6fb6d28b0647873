import type { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';
import { listenForEvents, OUTBOX_CHANNEL } from './outbox.repository';

/**
 * A dedicated connection that LISTENs on the outbox channel and calls `onWake` for each
 * notification. It cannot come from the pool: a pooled connection is handed to other work
 * and would stop listening. If the connection drops, it reconnects with backoff and wakes the
 * dispatcher once connected again (notifications sent while away are lost; the wake-up catches
 * up on them, and polling covers the time between).
 */
export class OutboxListener {
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly onWake: () => void,
    private readonly log: Logger,
    private readonly backoff: { minMs: number; maxMs: number },
  ) {}

  start(): void {
    this.stopped = false;
    this.connecting = this.connect();
  }

  /** True while a LISTEN connection is up (for tests and health). */
  get listening(): boolean {
    return this.client !== null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      ...this.config,
      application_name: 'wbs-events-listener',
      connectionTimeoutMillis: 10_000,
      // Notices a silently dead connection (no FIN from a failed-over server) within minutes.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.failures++;
      const delay = Math.min(this.backoff.minMs * 2 ** (this.failures - 1), this.backoff.maxMs);
      this.log.warn(`outbox listener lost (${err?.name ?? 'connection ended'}: ${err?.message ?? ''}); reconnecting in ${delay} ms`);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.connecting = this.connect();
      }, delay);
      this.reconnectTimer.unref();
    };
    // Always handled: an 'error' without a listener would crash the process.
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      if (msg.channel === OUTBOX_CHANNEL) this.onWake();
    });
    try {
      await client.connect();
      await listenForEvents(client);
    } catch (err) {
      onLost(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.failures > 0) this.log.log('outbox listener reconnected');
    this.failures = 0;
    this.onWake();
  }
}
