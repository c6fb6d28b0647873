import { Global, Module } from '@nestjs/common';
import { AttachmentInspector } from './attachments';

/** Upload checking (type by content, limits, image metadata removal) for every module. */
@Global()
@Module({ providers: [AttachmentInspector], exports: [AttachmentInspector] })
export class UploadsModule {}
