import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { connect, JetStreamClient, JetStreamManager, NatsConnection, RetentionPolicy, StorageType } from 'nats';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/** The JetStream stream every event goes through, on subjects `wbs.<event type>`. */
export const EVENTS_STREAM = 'WBS_EVENTS';
export const SUBJECT_PREFIX = 'wbs.';
/** A relay that crashed between NATS's acknowledgement and its own mark republishes within this: NATS drops the copy. */
const DUPLICATE_WINDOW_NS = 30 * 60 * 1e9;
/** Delivered events are kept for late consumers (a notifications process down for a weekend). */
export const MAX_AGE_NS = 14 * 24 * 3600 * 1e9;

const STREAM_CONFIG = {
  name: EVENTS_STREAM,
  subjects: [`${SUBJECT_PREFIX}>`],
  retention: RetentionPolicy.Limits,
  storage: StorageType.File,
  duplicate_window: DUPLICATE_WINDOW_NS,
  max_age: MAX_AGE_NS,
};

/** A JetStream API answer that the stream or consumer does not exist. */
export function isNotFound(e: unknown): boolean {
  const api = (e as { api_error?: { code?: number } } | null)?.api_error;
  return api?.code === 404;
}

/**
 * One connection to NATS per process (`EVENT_TRANSPORT=nats`, `NATS_URL`), reconnecting for
 * ever, and the events stream, created or updated at first use. Consumers and the relay share it.
 */
@Injectable()
export class NatsClient implements OnApplicationShutdown {
  private readonly log = new Logger('Nats');
  private connecting: Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }> | null = null;
  private readonly streamCreated: Array<() => Promise<void>> = [];

  constructor(@Optional() @Inject(APP_CONFIG) private readonly config?: AppConfig) {}

  get enabled(): boolean {
    return this.config?.eventTransport === 'nats';
  }

  /** Connects (once) and makes sure the stream exists. Retries on the next call after a failure. */
  async jetstream(): Promise<{ js: JetStreamClient; jsm: JetStreamManager; nc: NatsConnection }> {
    this.connecting ??= this.open().catch((e: unknown) => {
      this.connecting = null;
      throw e;
    });
    return this.connecting;
  }

  private async open() {
    const nc = await connect({ servers: this.config!.natsUrl, name: 'wbs', maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: false });
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' || s.type === 'reconnect') this.log.warn(`NATS ${s.type}`);
      }
    })().catch(() => undefined);
    const jsm = await nc.jetstreamManager();
    // At connect, an existing stream also takes this version's settings; the watch that calls
    // ensureStream() every few seconds only asks whether it exists.
    if (await this.createIfMissing(jsm)) {
      await jsm.streams.update(EVENTS_STREAM, { subjects: STREAM_CONFIG.subjects, duplicate_window: STREAM_CONFIG.duplicate_window, max_age: STREAM_CONFIG.max_age });
    }
    return { nc, js: nc.jetstream(), jsm };
  }

  /** Called when the stream had to be created: the relay re-sends what a lost store may have held. */
  onStreamCreated(handler: () => Promise<void>): void {
    this.streamCreated.push(handler);
  }

  /**
   * Makes sure the events stream exists, creating it again if NATS came back without its data
   * (a lost or wiped store): publishes would otherwise fail with "no responders" for ever.
   */
  async ensureStream(): Promise<void> {
    const { jsm } = await this.jetstream();
    await this.createIfMissing(jsm);
  }

  /** True when the stream was already there; otherwise creates it and tells the handlers. */
  private async createIfMissing(jsm: JetStreamManager): Promise<boolean> {
    try {
      await jsm.streams.info(EVENTS_STREAM);
      return true;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    await jsm.streams.add(STREAM_CONFIG);
    this.log.warn(`NATS stream ${EVENTS_STREAM} was missing: created`);
    for (const handler of this.streamCreated) await handler();
    return false;
  }

  async onApplicationShutdown(): Promise<void> {
    const c = await this.connecting?.catch(() => null);
    await c?.nc.drain().catch(() => undefined);
  }
}
