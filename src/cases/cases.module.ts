import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { AttachmentStore } from './attachment-store';
import { CaseAccess } from './case-access.service';
import { CaseStore } from './case-store';
import { CasesApiController } from './cases.api.controller';
import { CasesPagesController } from './cases.pages.controller';
import { CasesService } from './cases.service';
import { AssignmentService } from './assignment.service';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [StaffModule],
  controllers: [CasesApiController, CasesPagesController],
  providers: [CasesService, CaseStore, CaseAccess, AttachmentStore, AssignmentService, WorkflowService],
  exports: [CaseStore, CasesService, AssignmentService, WorkflowService],
})
export class CasesModule {}
