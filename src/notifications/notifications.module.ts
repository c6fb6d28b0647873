import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, runs } from '../platform/config/app-config';
import { Clock } from '../platform/clock/clock';
import { SubscriberRegistry } from '../platform/events';
import { scheduledJobs } from '../platform/jobs/job-scheduler';
import { StaffModule } from '../staff/staff.module';
import { MailDeliveryWorker } from './mail-delivery.worker';
import { MailDigestJob } from './mail-digest.job';
import { MailQueueRepository } from './mail-queue.repository';
import { MailRenderer } from './mail-renderer';
import { MailTransport } from './mail-transport';
import { NoticeSubscriber } from './notice.subscriber';
import { NOTICE_RULES } from './notices';
import { RecipientDirectory } from './recipients';
import { MailQueueApiController } from './notifications.api.controller';
import { MailQueuePagesController, NotificationPreferencesPagesController } from './notifications.pages.controller';
import { NotificationsService } from './notifications.service';
import { JobsModule } from '../platform/jobs/jobs.module';

/**
 * E-mail notices (DESIGN.md §5): event subscribers queue mail in their own transaction, a
 * worker sends it with retries, a daily job sends digests. Knows events and staff, never content.
 */
@Module({
  imports: [StaffModule, JobsModule],
  controllers: [NotificationPreferencesPagesController, MailQueuePagesController, MailQueueApiController],
  providers: [RecipientDirectory, MailRenderer, MailQueueRepository, MailTransport, MailDeliveryWorker, MailDigestJob, NotificationsService, scheduledJobs('notifications', MailDigestJob)],
  exports: [MailQueueRepository, MailDeliveryWorker, MailDigestJob],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly subscribers: SubscriberRegistry,
    private readonly queue: MailQueueRepository,
    private readonly recipients: RecipientDirectory,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Another process runs notifications (WBS_MODULES): its subscribers consume the events there.
    if (!runs(this.config, 'notifications')) return;
    for (const rule of NOTICE_RULES) this.subscribers.register(new NoticeSubscriber(rule, this.queue, this.recipients, this.clock));
  }
}
