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
 * the queue: claims are leases taken with SKIP LOCKED.
 *
 * Each mail is recorded as sent as soon as the server accepts it, before the next one goes, so a
 * crash, a lost database or a stop repeats at most the one mail in flight (its stable
 * Message-ID lets a reader recognise the duplicate). When the outcome cannot be recorded the
 * round stops: sending on would only make more mail that goes out again once the lease ends.
 * A stop hands the batch's unsent claims back to the queue at once.
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
      for (const [i, mail] of claimed.entries()) {
        if (this.stopped) {
          await this.queue.release(
            claimed.slice(i).map((m) => m.id),
            this.clock.now(),
          );
          return round;
        }
        if (!mail.active || !mail.to) {
          await this.queue.markCancelled(mail.id, 'Recipient deactivated before the mail went out');
          round.cancelled++;
          continue;
        }
        let accepted = false;
        try {
          const rendered = this.renderer.renderQueued(isLang(mail.language) ? mail.language : 'id', mail.facts);
          await this.transport.send({ id: mail.id, to: mail.to, ...rendered });
          accepted = true;
        } catch (e) {
          const failure = e instanceof MailSendFailed ? e : new MailSendFailed(e instanceof Error ? e.message : 'send failed', false);
          // SMTP replies quote the recipient's address: staff data stays out of logs and the table.
          const error = failure.message
            .replace(/[^\s<>"']+@[^\s<>"']+/g, '<address>')
            .replace(/\s+/g, ' ')
            .slice(0, MAX_ERROR_LENGTH);
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
        if (accepted) {
          // Outside the try: a failure to record is the database's, not the mail server's, and
          // ends the round (see the class comment).
          await this.queue.markSent([mail.id], this.clock.now());
          round.sent++;
        }
      }
      if (claimed.length < BATCH) return round;
      await this.pacer.pace();
    }
  }
}
