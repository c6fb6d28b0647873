import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditVerifier, VerifyResult } from '../audit';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { Clock } from '../platform/clock/clock';
import { ClusterJob, ClusterJobRun } from '../platform/jobs/cluster-job';
import { auditChainBroken } from './alert-rules';
import { AlertsService } from './alerts.service';

export interface AuditVerificationRun extends ClusterJobRun {
  at: string;
  verified?: VerifyResult;
  /** Whether this run raised the broken-chain alert (once per ALERT_REPEAT_HOURS window). */
  raised: boolean;
}

/**
 * The audit chain verified by the app itself (DESIGN.md §7; AUDIT_VERIFY_CRON, daily at 03:15
 * local time by default: AUDIT_VERIFICATION_SCHEDULE), the same recomputation as
 * `cli audit:verify`. Its summary is kept as the `audit-chain-broken` reading, shown on /health
 * and in /metrics; a broken chain raises the alert to every admin and supervisor. Once per
 * cluster: an advisory lock, tried, never waited for.
 */
@Injectable()
export class AuditVerificationJob extends ClusterJob<AuditVerificationRun> {
  private readonly log = new Logger('AuditVerification');

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly verifier: AuditVerifier,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super('audit-verification', (c) => c.alerts.auditVerifyCron, db);
  }

  run(): Promise<AuditVerificationRun> {
    const now = this.clock.now();
    return this.locked({ ran: false, at: now.toISOString(), raised: false }, async (runner, result) => {
      const verified = await this.verifier.verify();
      result.verified = verified;
      const reading = auditChainBroken(now, verified, this.config.alerts.repeatHours);
      const summary = { checked: verified.checked, unchained: verified.unchained, ok: verified.ok, firstBrokenSeq: verified.firstBroken?.seq ?? null, durationMs: Math.round(verified.durationMs) };
      result.raised = (await this.alerts.raise(runner, [reading], now, summary)).length > 0;
      if (verified.ok) this.log.log(`audit chain intact: ${verified.checked} entries in ${summary.durationMs} ms`);
      else this.log.error(`audit chain broken at entry ${verified.firstBroken?.seq}: ${verified.firstBroken?.problem}`);
    });
  }
}
