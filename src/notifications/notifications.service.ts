import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { Clock } from '../platform/clock/clock';
import { Forbidden, NotFound, ValidationFailed } from '../platform/http/domain-error';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { MailDeliveryWorker } from './mail-delivery.worker';
import { MailQueueRepository, MailQueueSnapshot, ParkedMail } from './mail-queue.repository';
import { MailMode, NotificationPreferencesRepository } from './notification-preferences.repository';
import './notifications.i18n';

export type { MailMode } from './notification-preferences.repository';
export const MAIL_MODES: readonly MailMode[] = ['immediate', 'digest'];

/** What staff and admins do with notifications: choose how mail arrives; look after the queue. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: MailQueueRepository,
    private readonly preferences: NotificationPreferencesRepository,
    private readonly worker: MailDeliveryWorker,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async mailMode(me: StaffRef): Promise<MailMode> {
    return this.preferences.mailMode(me.id);
  }

  async setMailMode(me: StaffRef, mode: unknown): Promise<MailMode> {
    if (typeof mode !== 'string' || !(MAIL_MODES as readonly string[]).includes(mode)) {
      throw new ValidationFailed([{ field: 'mail_mode', message: 'notifications.mode_invalid' }]);
    }
    await this.preferences.setMailMode(me.id, mode as MailMode, this.clock.now());
    return mode as MailMode;
  }

  async queueOverview(me: StaffRef): Promise<{ snapshot: MailQueueSnapshot; parked: ParkedMail[] }> {
    assertAdmin(me);
    return { snapshot: await this.queue.snapshot(this.clock.now()), parked: await this.queue.parked() };
  }

  /**
   * Puts a parked mail (or, with `id` null, every parked mail) back in the queue, and sends. The
   * audit entry names the admin and the mails, in the transaction that requeues them.
   */
  async resend(me: StaffRef, id: string | null): Promise<{ requeued: number }> {
    assertAdmin(me);
    const ids = await this.db.transaction(async (m) => {
      const requeued = await this.queue.requeueParked(id, this.clock.now(), m);
      if (id !== null && requeued.length === 0) throw new NotFound('notifications.parked_not_found');
      if (requeued.length) await this.audit.record(m, { actor: { type: 'staff', id: me.id }, action: 'mail.resent', detail: { mailIds: requeued, all: id === null } });
      return requeued;
    });
    void this.worker.deliverDue().catch(() => undefined);
    return { requeued: ids.length };
  }
}

function assertAdmin(me: StaffRef): void {
  if (!me.roles.includes(Role.Admin)) throw new Forbidden();
}
