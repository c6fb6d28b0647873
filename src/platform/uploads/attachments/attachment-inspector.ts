import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
// Registers the upload.* messages wherever the inspector is used.
import './attachments.i18n';
import { joinName, sanitizeFilename, splitExtension } from './attachment-filename';
import { AttachmentLimits, DEFAULT_ATTACHMENT_LIMITS, assertFileSize } from './attachment-limits';
import { ALLOWED_TYPES_LABEL, AllowedType, PLAIN_TEXT, allowedTypeFor } from './attachment-types';
import { FileEmpty, FileTypeMismatch, FileTypeNotAllowed, HeicCannotBeCleaned, ImageUnreadable } from './attachments.errors';
import { reencodeWithoutMetadata } from './image-metadata';
import { isPlainText } from './plain-text';

export interface UploadedFile {
  /** As the browser sent it: untrusted, may hold a path or invisible characters. */
  filename: string;
  data: Buffer;
}

export interface InspectOptions {
  /** The reporter's "remove metadata" choice; on by default in the form. */
  stripMetadata: boolean;
  /** Only the per-file size is checked here; counts and totals are the caller's (checkLimits). */
  limits?: AttachmentLimits;
}

export interface InspectedFile {
  /** Sanitised, at most 120 characters, ending in an extension that matches the content. */
  filename: string;
  mimeType: string;
  /** The filename's extension, lower case, without the dot. */
  extension: string;
  /** The bytes to store: the re-encoded image when metadata was removed, else the upload. */
  data: Buffer;
  size: number;
  /** Hex SHA-256 of `data`. */
  sha256: string;
  metadataRemoved: boolean;
  /** True when the stored file may still identify the reporter (author, GPS, device), so the page can warn. */
  mayCarryMetadata: boolean;
}

/**
 * Decides by content whether an upload may be stored, and removes photo metadata. Pure: no
 * storage and no logging, because names and contents may identify the reporter.
 */
@Injectable()
export class AttachmentInspector {
  async inspect(file: UploadedFile, opts: InspectOptions): Promise<InspectedFile> {
    if (file.data.length === 0) throw new FileEmpty(file.filename);
    assertFileSize(file.filename, file.data.length, opts.limits ?? DEFAULT_ATTACHMENT_LIMITS);
    const type = await detectType(file);
    const filename = nameForType(file.filename, type);
    const cleaned = await clean(filename, file.data, type, opts.stripMetadata);
    return {
      filename,
      mimeType: type.mimeType,
      extension: splitExtension(filename).extension,
      data: cleaned.data,
      size: cleaned.data.length,
      sha256: createHash('sha256').update(cleaned.data).digest('hex'),
      metadataRemoved: cleaned.metadataRemoved,
      mayCarryMetadata: type.kind !== 'text' && !cleaned.metadataRemoved,
    };
  }
}

async function detectType(file: UploadedFile): Promise<AllowedType> {
  const detected = await fileTypeFromBuffer(file.data);
  const allowed = detected && allowedTypeFor(detected);
  if (allowed) return allowed;
  // Text is tried even when file-type guessed a binary type: a note starting "BMKG ..." reads
  // as a BMP signature. Real binaries fail the text check because they contain NUL bytes.
  const claimsText = splitExtension(sanitizeFilename(file.filename)).extension === 'txt';
  if (claimsText && isPlainText(file.data)) return PLAIN_TEXT;
  throw new FileTypeNotAllowed(file.filename, ALLOWED_TYPES_LABEL);
}

/** The sanitised name, refused when its extension contradicts the content, completed when it has none. */
function nameForType(rawName: string, type: AllowedType): string {
  const name = sanitizeFilename(rawName);
  const { stem, extension } = splitExtension(name);
  if (!extension) return joinName(stem, type.extensions[0]);
  if (!type.extensions.includes(extension)) throw new FileTypeMismatch(rawName, type.label);
  return name;
}

async function clean(
  filename: string,
  data: Buffer,
  type: AllowedType,
  stripMetadata: boolean,
): Promise<{ data: Buffer; metadataRemoved: boolean }> {
  if (!stripMetadata) return { data, metadataRemoved: false };
  if (type.kind === 'heic') throw new HeicCannotBeCleaned(filename);
  if (!type.cleanAs) return { data, metadataRemoved: false };
  try {
    return { data: await reencodeWithoutMetadata(data, type.cleanAs), metadataRemoved: true };
  } catch {
    // sharp's message is not passed on: it says nothing the reporter can act on.
    throw new ImageUnreadable(filename);
  }
}
