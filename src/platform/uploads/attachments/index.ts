export { AttachmentInspector, CLEANING_CONCURRENCY, MAX_DOCUMENT_CLEANING_BYTES } from './attachment-inspector';
export type { InspectOptions, InspectedFile, UploadedFile } from './attachment-inspector';
export { bufferSource, disposeAll, readAll, type UploadSource } from '../spool/upload-source';
export { DEFAULT_ATTACHMENT_LIMITS, MiB, assertFileCount, assertFileSize, assertTotalSize, checkLimits, toMiB } from './attachment-limits';
export type { AttachmentLimits, SizedFile } from './attachment-limits';
export { MAX_FILENAME_LENGTH, displayFilename, sanitizeFilename } from './attachment-filename';
export { ALLOWED_TYPES_LABEL } from './attachment-types';
export { MAX_IMAGE_PIXELS } from './image-metadata';
export { ATTACHMENTS_DICTIONARY } from './attachments.i18n';
export {
  FileEmpty,
  FileTooLarge,
  FileTypeMismatch,
  FileTypeNotAllowed,
  HeicCannotBeCleaned,
  ImageTooManyPixels,
  ImageUnreadable,
  UploadQuotaExceeded,
  UploadsBusy,
  TooManyFiles,
  UploadTooLarge,
} from './attachments.errors';
export type { NotCleanedReason } from './document-metadata';
