import { errorKind, PayloadTooLarge, UnsupportedMediaType } from '../../http/domain-error';
import { displayFilename } from './attachment-filename';

/**
 * Upload refusals. Messages are i18n keys from attachments.i18n.ts; every error belongs to the
 * form's `attachments` field. A name in `params` is always sanitised and shortened here, so no
 * caller can put a raw reporter-chosen name into a page or a log line by accident.
 */
const FIELD = 'attachments';

export class FileEmpty extends errorKind('file_empty', 400) {
  constructor(filename: string) {
    super('upload.empty', { field: FIELD, params: { name: displayFilename(filename) } });
  }
}

export class TooManyFiles extends errorKind('too_many_files', 400) {
  constructor(max: number) {
    super('upload.too_many_files', { field: FIELD, params: { max } });
  }
}

export class FileTypeNotAllowed extends UnsupportedMediaType {
  constructor(filename: string, allowed: string) {
    super('upload.type_not_allowed', { field: FIELD, params: { name: displayFilename(filename), allowed } });
  }
}

export class FileTypeMismatch extends UnsupportedMediaType {
  /** `detected` is the type's usual extension in capitals, e.g. "PDF". */
  constructor(filename: string, detected: string) {
    super('upload.type_mismatch', { field: FIELD, params: { name: displayFilename(filename), detected } });
  }
}

export class ImageUnreadable extends UnsupportedMediaType {
  constructor(filename: string) {
    super('upload.image_unreadable', { field: FIELD, params: { name: displayFilename(filename) } });
  }
}

/** sharp's prebuilt libvips has no HEVC decoder, so a HEIC photo's metadata cannot be removed. */
export class HeicCannotBeCleaned extends UnsupportedMediaType {
  constructor(filename: string) {
    super('upload.heic_cannot_strip', { field: FIELD, params: { name: displayFilename(filename) } });
  }
}

export class FileTooLarge extends PayloadTooLarge {
  constructor(filename: string, maxMiB: number) {
    super('upload.file_too_large', { field: FIELD, params: { name: displayFilename(filename), maxMiB } });
  }
}

export class UploadTooLarge extends PayloadTooLarge {
  constructor(maxMiB: number) {
    super('upload.total_too_large', { field: FIELD, params: { maxMiB } });
  }
}

/** A photo whose header declares more pixels than can be cleaned or safely shown. */
export class ImageTooManyPixels extends PayloadTooLarge {
  constructor(filename: string, width: number, height: number, maxMegapixels: number) {
    super('upload.image_too_many_pixels', { field: FIELD, params: { name: displayFilename(filename), width, height, maxMegapixels } });
  }
}

/** This instance is receiving as many uploads as it takes at once; nothing of the request was kept. */
export class UploadsBusy extends errorKind('uploads_busy', 503) {
  constructor(readonly retryAfterSeconds: number) {
    super('upload.busy', { field: FIELD, params: { seconds: retryAfterSeconds } });
  }
}

/** The client's file bytes for today are used up; nothing of the request was kept. */
export class UploadQuotaExceeded extends errorKind('upload_quota_exceeded', 429) {
  constructor(
    maxMiB: number,
    readonly retryAfterSeconds: number,
  ) {
    super('upload.daily_quota', { field: FIELD, params: { maxMiB } });
  }
}
