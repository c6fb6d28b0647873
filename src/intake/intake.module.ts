import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { IntakeApiController } from './intake.api.controller';
import { IntakePagesController } from './intake.pages.controller';
import { IntakeStaffPagesController } from './intake.staff-pages.controller';
import { StaffModule } from '../staff/staff.module';
import { IntakeService } from './intake.service';
import { TrackFormTokens } from './track-form-token';
import { SubmissionKeysRepository } from './submission-keys.repository';
import { ReporterFeedbackRepository } from './reporter-feedback.repository';
import { ReporterTraces } from './reporter-traces.repository';
import { ReporterSessionsRepository } from './reporter-sessions.repository';
import { ReporterCaseRepository } from '../cases';
import { CatalogModule } from '../catalog/catalog.module';
import { RateLimitModule } from '../platform/http/rate-limit/rate-limit.module';
import { UploadsModule } from '../platform/uploads/uploads.module';

@Module({
  imports: [CasesModule, StaffModule, CatalogModule, RateLimitModule, UploadsModule],
  controllers: [IntakeApiController, IntakePagesController, IntakeStaffPagesController],
  // ReporterCaseRepository is cases' code over cases' table, provided here as intake is its only user.
  providers: [IntakeService, TrackFormTokens, SubmissionKeysRepository, ReporterFeedbackRepository, ReporterTraces, ReporterSessionsRepository, ReporterCaseRepository],
  exports: [ReporterTraces],
})
export class IntakeModule {}
