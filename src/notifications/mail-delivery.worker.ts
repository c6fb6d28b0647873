import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock/clock';
import { decideRetry, MAX_ERROR_LENGTH } from '../platform/events/retry-policy';
import { BackgroundPacer } from '../platform/jobs/background-pacer';
import { JOBS_ENABLED } from '../platform/platform.tokens';
import { MAIL_QUEUED, MailQueueRepository } from './mail-queue.repository';
import { MailRenderer } from './mail-renderer';
import { MailSendFailed, MailTransport } from './mail-transport';
import { isLang } from '../platform/i18n/i18n';

/** A claimed mail is another worker's to retry after this long (a send has timed out well before). */
const LEASE_MS = 120_000;
const BATCH = 20;

export interface DeliveryRound {
  sent: number;
  retried: number;
  parked: number;
  cancelled: number;
}

/**
 * Sends queued mail. Woken after a transaction of this process queued mail, and by a poll (for
 * retries falling due, mail queued by other instances, digests). Any number of instances share
 * the queue: claims are leases taken with SKIP LOCKED. A mail accepted by the server is marked
 * sent at once; if the process dies between the two, the lease expires and the mail goes again
 * (at least once, like every effect outside the database).
 */
@Injectable()
export class MailDeliveryWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy, EntitySubscriberInterface {
  private readonly log = new Logger('Mail');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DeliveryRound> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: MailQueueRepository,
    private readonly transport: MailTransport,
    private readonly renderer: MailRenderer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOBS_ENABLED) private readonly enabled: boolean,
    private readonly pacer: BackgroundPacer,
  ) {}

  onModuleInit(): void {
    (this.db.subscribers as EntitySubscriberInterface[]).push(this);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timer = setInterval(() => this.wake(), this.config.mail.pollMs);
    this.timer.unref();
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  onModuleDestroy(): void {
    const list = this.db.subscribers as EntitySubscriberInterface[];
    const i = list.indexOf(this);
    if (i >= 0) list.splice(i, 1);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    if (!data[MAIL_QUEUED]) return;
    delete data[MAIL_QUEUED];
    if (this.enabled) this.wake();
  }

  afterTransactionRollback(event: { queryRunner: { data: unknown } }): void {
    delete (event.queryRunner.data as Record<string, unknown>)[MAIL_QUEUED];
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverDue()
      .catch((e: unknown) => {
        // The database is down, most likely: the next poll tries again.
        this.log.warn(`delivery round failed: ${e instanceof Error ? e.name : 'error'}`);
        return { sent: 0, retried: 0, parked: 0, cancelled: 0 };
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Sends every mail due now; returns what happened. Used by the poll, the CLI and tests. */
  async deliverDue(): Promise<DeliveryRound> {
    const round: DeliveryRound = { sent: 0, retried: 0, parked: 0, cancelled: 0 };
    for (;;) {
      const claimed = await this.queue.claimDue(this.clock.now(), BATCH, LEASE_MS);
      const sent: string[] = [];
      for (const mail of claimed) {
        if (!mail.active || !mail.to) {
          await this.queue.markCancelled(mail.id, 'Recipient deactivated before the mail went out');
          round.cancelled++;
          continue;
        }
        try {
          const rendered = this.renderer.renderQueued(isLang(mail.language) ? mail.language : 'id', mail.facts);
          await this.transport.send({ id: mail.id, to: mail.to, ...rendered });
          sent.push(mail.id);
          round.sent++;
        } catch (e) {
          const failure = e instanceof MailSendFailed ? e : new MailSendFailed(e instanceof Error ? e.message : 'send failed', false);
          // SMTP replies quote the recipient's address: staff data stays out of logs and the table.
          const error = failure.message.replace(/[^\s<>"']+@[^\s<>"']+/g, '<address>').replace(/\s+/g, ' ').slice(0, MAX_ERROR_LENGTH);
          const decision = failure.permanent
            ? ({ park: true } as const)
            : decideRetry(mail.attempts, this.clock.now(), {
                maxAttempts: this.config.mail.maxAttempts,
                baseDelayMs: this.config.mail.retryBaseMs,
                maxDelayMs: this.config.mail.retryMaxMs,
              });
          if (decision.park) {
            await this.queue.markParked(mail.id, error);
            round.parked++;
            this.log.warn(`mail ${mail.id} parked after ${mail.attempts} tries: ${error}`);
          } else {
            await this.queue.markRetry(mail.id, decision.nextAttemptAt, error);
            round.retried++;
          }
        }
      }
      // One statement for the batch; a crash before it only means these go again (at least once).
      await this.queue.markSent(sent, this.clock.now());
      if (claimed.length < BATCH) return round;
      await this.pacer.pace();
    }
  }
}
