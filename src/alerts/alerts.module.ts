import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { scheduledJobs } from '../platform/jobs/job-scheduler';
import { JobsModule } from '../platform/jobs/jobs.module';
import { AlertsCheckJob } from './alerts-check.job';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { AuditVerificationJob } from './audit-verification.job';
import './events/alerts.i18n';

/**
 * Alerts on unusual activity (issue 16): a check every minute and a daily audit verification,
 * each once per cluster, raising `alerts.alert-raised` once per window of its kind. Reads its
 * figures through the owning modules' services; owns only its two tables.
 */
@Module({
  imports: [CasesModule, NotificationsModule, JobsModule],
  providers: [
    AlertsRepository,
    AlertsService,
    AlertsCheckJob,
    AuditVerificationJob,
    // The web part runs the scheduled jobs (as the SLA sweep); a mail-only process does not.
    scheduledJobs('web', AlertsCheckJob, AuditVerificationJob),
  ],
  exports: [AlertsService, AlertsCheckJob, AuditVerificationJob],
})
export class AlertsModule {}
