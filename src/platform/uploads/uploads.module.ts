import { Module } from '@nestjs/common';
import { AttachmentInspector } from './attachments';
import { UploadReceiver } from './multipart';
import { UploadGate } from './spool/upload-gate';
import { UploadSpool } from './spool/upload-spool';
import { RateLimitModule } from '../http/rate-limit/rate-limit.module';

/**
 * Receiving files (encrypted spool, upload slots, daily quota) and checking them (type by
 * content, limits, metadata removal) for every module.
 */
@Module({
  imports: [RateLimitModule],
  providers: [AttachmentInspector, UploadGate, UploadReceiver, UploadSpool],
  exports: [AttachmentInspector, UploadGate, UploadReceiver, UploadSpool],
})
export class UploadsModule {}
