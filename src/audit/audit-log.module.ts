import { Global, Module } from '@nestjs/common';
import { AuditChainer } from './audit-chainer';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';
import { AuditLogRepository } from './audit-log.repository';

/**
 * Writing and checking the audit log, for every module (global, no imports: staff, cases and
 * intake write entries, and the audit pages depend on staff, so the two halves are apart).
 */
@Global()
@Module({
  providers: [AuditLogRepository, AuditService, AuditChainer, AuditVerifier],
  exports: [AuditLogRepository, AuditService, AuditChainer, AuditVerifier],
})
export class AuditLogModule {}
