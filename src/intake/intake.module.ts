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

@Module({
  imports: [CasesModule, StaffModule],
  controllers: [IntakeApiController, IntakePagesController, IntakeStaffPagesController],
  providers: [IntakeService, TrackFormTokens, SubmissionKeysRepository, ReporterFeedbackRepository],
})
export class IntakeModule {}
