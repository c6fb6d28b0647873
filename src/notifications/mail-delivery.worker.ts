import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, runs } from '../platform/config/app-config';
import { Clock } from '../platform/clock/clock';
import { decideRetry, MAX_ERROR_LENGTH } from '../platform/events/retry-policy';
import { BackgroundPacer } from '../platform/jobs/background-pacer';
import { BackgroundWork } from '../platform/jobs/background-work';
import { PolledWorker } from '../platform/jobs/polled-worker';
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
export class MailDeliveryWorker extends PolledWorker {
  protected readonly log = new Logger('Mail');

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly queue: MailQueueRepository,
    private readonly transport: MailTransport,
    private readonly renderer: MailRenderer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOBS_ENABLED) enabled: boolean,
    private readonly pacer: BackgroundPacer,
    background: BackgroundWork,
  ) {
    super(db, enabled && runs(config, 'notifications'), MAIL_QUEUED, config.mail.pollMs, pacer, background);
  }

  protected round(): Promise<DeliveryRound> {
    return this.deliverDue();
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
