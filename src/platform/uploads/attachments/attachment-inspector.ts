import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
// Registers the upload.* messages wherever the inspector is used.
import './attachments.i18n';
import { disposeAll, readAll, readHead, type UploadSource } from '../spool/upload-source';
import { UploadSpool } from '../spool/upload-spool';
import { joinName, sanitizeFilename, splitExtension } from './attachment-filename';
import { AttachmentLimits, DEFAULT_ATTACHMENT_LIMITS, assertFileSize, checkLimits } from './attachment-limits';
import { ALLOWED_TYPES_LABEL, AllowedType, PLAIN_TEXT, allowedTypeFor } from './attachment-types';
import { FileEmpty, FileTypeMismatch, FileTypeNotAllowed, HeicCannotBeCleaned, ImageTooManyPixels, ImageUnreadable } from './attachments.errors';
import { CleaningSlots } from './cleaning-slots';
import { cleanOfficeDocument, cleanPdf, type CleanedDocument, type NotCleanedReason } from './document-metadata';
import { imageDimensions } from './image-dimensions';
import { MAX_IMAGE_PIXELS, reencodeWithoutMetadata } from './image-metadata';
import { PlainTextCheck } from './plain-text';

export interface UploadedFile {
  /** As the browser sent it: untrusted, may hold a path or invisible characters. */
  filename: string;
  source: UploadSource;
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
  /** The bytes to store: the cleaned copy when metadata was removed, else the upload itself. */
  source: UploadSource;
  size: number;
  /** Hex SHA-256 of the stored bytes. */
  sha256: string;
  metadataRemoved: boolean;
  /** True when the stored file may still identify the reporter (author, GPS, device), so the page can warn. */
  mayCarryMetadata: boolean;
  /** Set when removal was asked for and this document could not be cleaned: why (i18n `upload.not_cleaned.<reason>`). */
  notCleaned: NotCleanedReason | null;
}

/**
 * Photos and documents cleaned at once per process. Each costs a few times its size in memory
 * (the file, pdf-lib's or sharp's copies, the cleaned copy, decoded pixels): one at a time keeps
 * a burst of 25 MiB scans within the memory the server is given (bench/uploads.js, pdf).
 */
export const CLEANING_CONCURRENCY = 1;
/**
 * Documents bigger than this are stored as sent, and the reporter is told: pdf-lib and jszip
 * hold several copies of a file's structures in the JavaScript heap, which `npm start` bounds.
 */
export const MAX_DOCUMENT_CLEANING_BYTES = 32 * 1024 * 1024;
const MEGAPIXEL = 1_000_000;
/**
 * What file-type sees of a file. Office and OpenDocument packages name their type in their first
 * entries ([Content_Types].xml, mimetype), which Office, LibreOffice and the usual libraries
 * write first; a package that hides it further in is taken for a plain zip and refused by name.
 */
const SNIFF_BYTES = 1024 * 1024;

/**
 * Decides by content whether an upload may be stored, and removes photo and document metadata.
 * Pure: no storage and no logging, because names and contents may identify the reporter. Files
 * are read as streams; only photos and documents are held whole while they are cleaned.
 */
@Injectable()
export class AttachmentInspector {
  private readonly slots = new CleaningSlots(CLEANING_CONCURRENCY);

  /** Cleaned copies go into the spool at once, so they do not pile up in memory before storing. */
  constructor(private readonly spool: UploadSpool) {}

  /**
   * Every file of one request, after the limits on their number and total. The cleaned copies
   * are spool files: the caller frees them (`disposeAll`) once stored; on a refusal they are
   * freed here.
   */
  async inspectAll(files: readonly UploadedFile[], opts: InspectOptions): Promise<InspectedFile[]> {
    checkLimits(
      files.map((f) => ({ filename: f.filename, size: f.source.size })),
      opts.limits ?? DEFAULT_ATTACHMENT_LIMITS,
    );
    const out: InspectedFile[] = [];
    try {
      for (const file of files) out.push(await this.inspect(file, opts));
    } catch (e) {
      await disposeAll(out.map((f) => f.source));
      throw e;
    }
    return out;
  }

  async inspect(file: UploadedFile, opts: InspectOptions): Promise<InspectedFile> {
    const { source } = file;
    if (source.size === 0) throw new FileEmpty(file.filename);
    assertFileSize(file.filename, source.size, opts.limits ?? DEFAULT_ATTACHMENT_LIMITS);
    const type = await detectType(file);
    const filename = nameForType(file.filename, type);
    if (type.kind === 'heic' && opts.stripMetadata) throw new HeicCannotBeCleaned(filename);
    if (type.kind === 'image' || type.kind === 'heic') await assertImageSize(filename, source, opts.stripMetadata);
    const cleaned = await this.clean(filename, source, type, opts.stripMetadata);
    return {
      filename,
      mimeType: type.mimeType,
      extension: splitExtension(filename).extension,
      source: cleaned.source,
      size: cleaned.source.size,
      sha256: await sha256Of(cleaned.source),
      metadataRemoved: cleaned.metadataRemoved,
      mayCarryMetadata: type.kind !== 'text' && !cleaned.metadataRemoved,
      notCleaned: cleaned.notCleaned,
    };
  }

  private async clean(
    filename: string,
    source: UploadSource,
    type: AllowedType,
    stripMetadata: boolean,
  ): Promise<{ source: UploadSource; metadataRemoved: boolean; notCleaned: NotCleanedReason | null }> {
    const asSent = (notCleaned: NotCleanedReason | null = null) => ({ source, metadataRemoved: false, notCleaned });
    if (!stripMetadata) return asSent();
    if (type.kind === 'heic') throw new HeicCannotBeCleaned(filename);
    if (type.cleanAs) {
      const format = type.cleanAs;
      let data: Buffer;
      try {
        data = await this.slots.run(async () => reencodeWithoutMetadata(await readAll(source), format));
      } catch {
        // sharp's message is not passed on: it says nothing the reporter can act on.
        throw new ImageUnreadable(filename);
      }
      return { source: await this.spool.fromBuffer(data), metadataRemoved: true, notCleaned: null };
    }
    const document = type.cleanDocumentAs;
    if (!document) return asSent();
    if (source.size > MAX_DOCUMENT_CLEANING_BYTES) return asSent('too_large');
    const result: CleanedDocument = await this.slots.run(async () => {
      const data = await readAll(source);
      return document === 'pdf' ? cleanPdf(data) : cleanOfficeDocument(data, document);
    });
    if ('notCleaned' in result) return asSent(result.notCleaned);
    return { source: await this.spool.fromBuffer(result.data), metadataRemoved: true, notCleaned: null };
  }
}

async function detectType(file: UploadedFile): Promise<AllowedType> {
  const detected = await fileTypeFromBuffer(await readHead(file.source, SNIFF_BYTES));
  const allowed = detected && allowedTypeFor(detected);
  if (allowed) return allowed;
  // Text is tried even when file-type guessed a binary type: a note starting "BMKG ..." reads
  // as a BMP signature. Real binaries fail the text check because they contain NUL bytes.
  const claimsText = splitExtension(sanitizeFilename(file.filename)).extension === 'txt';
  if (claimsText && (await isPlainTextStream(file.source))) return PLAIN_TEXT;
  throw new FileTypeNotAllowed(file.filename, ALLOWED_TYPES_LABEL);
}

async function isPlainTextStream(source: UploadSource): Promise<boolean> {
  const check = new PlainTextCheck();
  for await (const chunk of source.stream()) if (!check.push(chunk)) return false;
  return check.end();
}

/**
 * Refused before any decoding, whether or not it is cleaned: a few kilobytes of PNG can declare
 * billions of pixels, and a staff member's browser would try to decode them too. A header that
 * cannot be read is refused only when cleaning was asked for (sharp could not decode it either);
 * kept as sent, no browser can decode it into a bomb.
 */
async function assertImageSize(filename: string, source: UploadSource, cleaning: boolean): Promise<void> {
  const size = await imageDimensions(source);
  if (!size) {
    if (cleaning) throw new ImageUnreadable(filename);
    return;
  }
  if (size.width * size.height > MAX_IMAGE_PIXELS) {
    throw new ImageTooManyPixels(filename, size.width, size.height, MAX_IMAGE_PIXELS / MEGAPIXEL);
  }
}

/** The sanitised name, refused when its extension contradicts the content, completed when it has none. */
function nameForType(rawName: string, type: AllowedType): string {
  const name = sanitizeFilename(rawName);
  const { stem, extension } = splitExtension(name);
  if (!extension) return joinName(stem, type.extensions[0]);
  if (!type.extensions.includes(extension)) throw new FileTypeMismatch(rawName, type.label);
  return name;
}

async function sha256Of(source: UploadSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source.stream()) hash.update(chunk);
  return hash.digest('hex');
}
