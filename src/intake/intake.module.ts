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
import { CatalogModule } from '../catalog/catalog.module';
import { RateLimitModule } from '../platform/http/rate-limit/rate-limit.module';
import { UploadsModule } from '../platform/uploads/uploads.module';

@Module({
  imports: [CasesModule, StaffModule, CatalogModule, RateLimitModule, UploadsModule],
  controllers: [IntakeApiController, IntakePagesController, IntakeStaffPagesController],
  providers: [IntakeService, TrackFormTokens, SubmissionKeysRepository, ReporterFeedbackRepository, ReporterTraces],
  exports: [ReporterTraces],
})
export class IntakeModule {}
