import { Global, Module } from '@nestjs/common';
import { AuditChainer } from './audit-chainer';
import { AuditService } from './audit.service';
import { AuditVerifier } from './audit-verifier';

/**
 * Writing and checking the audit log, for every module (global, no imports: staff, cases and
 * intake write entries, and the audit pages depend on staff, so the two halves are apart).
 */
@Global()
@Module({
  providers: [AuditService, AuditChainer, AuditVerifier],
  exports: [AuditService, AuditChainer, AuditVerifier],
})
export class AuditLogModule {}
