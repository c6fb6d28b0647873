import { FileTooLarge, TooManyFiles, UploadTooLarge } from './attachments.errors';

export const MiB = 1024 * 1024;

export interface AttachmentLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxFiles: number;
}

// A phone video of a few minutes fits in 25 MiB; the total keeps one report within what a slow
// connection can send before the form's session expires.
export const DEFAULT_ATTACHMENT_LIMITS: Readonly<AttachmentLimits> = Object.freeze({
  maxFileBytes: 25 * MiB,
  maxTotalBytes: 100 * MiB,
  maxFiles: 10,
});

export interface SizedFile {
  filename: string;
  size: number;
}

/** For messages: whole MiB when the limit is whole, else one decimal. */
export function toMiB(bytes: number): number {
  return Math.round((bytes / MiB) * 10) / 10;
}

/** Call while streaming, as soon as one file's byte count passes the limit. */
export function assertFileSize(filename: string, size: number, limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): void {
  if (size > limits.maxFileBytes) throw new FileTooLarge(filename, toMiB(limits.maxFileBytes));
}

/** Call while streaming with the running total of all files so far. */
export function assertTotalSize(totalBytes: number, limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): void {
  if (totalBytes > limits.maxTotalBytes) throw new UploadTooLarge(toMiB(limits.maxTotalBytes));
}

/** Call when a new file starts, with the number of files including it. */
export function assertFileCount(count: number, limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): void {
  if (count > limits.maxFiles) throw new TooManyFiles(limits.maxFiles);
}

/** Checks a whole upload at once: number of files first, then each file, then the total. */
export function checkLimits(files: readonly SizedFile[], limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): void {
  assertFileCount(files.length, limits);
  for (const file of files) assertFileSize(file.filename, file.size, limits);
  assertTotalSize(
    files.reduce((sum, file) => sum + file.size, 0),
    limits,
  );
}
