import { Module } from '@nestjs/common';
import { ReplyPreviewService } from './reply-preview.service';
import { StaffModule } from '../staff/staff.module';
import { AttachmentStore } from './attachment-store';
import { CaseAccess } from './case-access.service';
import { CaseStore } from './case-store';
import { CaseRetentionRepository } from './case-retention.repository';
import { CasesRepository } from './cases.repository';
import { CaseConversationRepository } from './case-conversation.repository';
import { CaseAssignmentsRepository } from './case-assignments.repository';
import { IdentityRequestsRepository } from './identity-requests.repository';
import { LabelsRepository } from './labels/labels.repository';
import { AttachmentsRepository } from './attachments.repository';
import { CasesApiController } from './cases.api.controller';
import { CasesPagesController } from './cases.pages.controller';
import { CasesService } from './cases.service';
import { SlaModule } from './sla/sla.module';
import { AssignmentService } from './assignment.service';
import { AssignmentHistoryRepository } from './assignment/assignment-history.repository';
import { WorkflowService } from './workflow.service';
import { IdentityRequestsService } from './identity-requests.service';
import { IdentityRequestsApiController } from './identity-requests.api.controller';
import { IdentityRequestsPagesController } from './identity-requests.pages.controller';
import { CaseExportService } from './export/case-export.service';
import { LabelsApiController } from './labels/labels.api.controller';
import { LabelsPagesController } from './labels/labels.pages.controller';
import { LabelsService } from './labels/labels.service';
import './case-letter.i18n';
import './inbox.i18n';
import { CatalogModule } from '../catalog/catalog.module';
import { CaseDirectory } from './case-directory.repository';
import { UploadsModule } from '../platform/uploads/uploads.module';
import { InboxRepository } from './inbox.repository';
import { UnsealedKeyCache } from './unsealed-key-cache';

@Module({
  imports: [StaffModule, SlaModule, CatalogModule, UploadsModule],
  controllers: [CasesApiController, CasesPagesController, IdentityRequestsApiController, IdentityRequestsPagesController, LabelsApiController, LabelsPagesController],
  providers: [
    CasesService,
    CaseStore,
    CaseRetentionRepository,
    CasesRepository,
    CaseConversationRepository,
    CaseAssignmentsRepository,
    IdentityRequestsRepository,
    LabelsRepository,
    AttachmentsRepository,
    CaseAccess,
    UnsealedKeyCache,
    AttachmentStore,
    AssignmentService,
    AssignmentHistoryRepository,
    WorkflowService,
    ReplyPreviewService,
    IdentityRequestsService,
    CaseExportService,
    LabelsService,
    InboxRepository,
    CaseDirectory,
  ],
  exports: [SlaModule, CaseAccess, CaseStore, CaseRetentionRepository, CasesService, AssignmentService, WorkflowService, IdentityRequestsService, LabelsService, CaseDirectory],
})
export class CasesModule {}
