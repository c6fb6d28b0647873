import busboy from 'busboy';
import type { Request } from 'express';
import { TextDecoder } from 'node:util';
import { DomainError } from '../http/domain-error';
import { BadUtf8 } from '../http/bad-utf8.error';
import { assertCleanTextInput } from '../http/text-input';
import { AttachmentLimits, assertFileCount, assertFileSize, assertTotalSize } from './attachments';

export interface ParsedUpload {
  fields: Record<string, string>;
  files: { field: string; filename: string; data: Buffer }[];
}

export class MultipartMalformed extends DomainError {
  readonly code = 'multipart_malformed';
  readonly status = 400;
  constructor() {
    super('intake.multipart_malformed');
  }
}

const MAX_FIELDS = 40;
const MAX_FIELD_BYTES = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a multipart form into memory with every limit enforced while streaming: the request is
 * abandoned as soon as a file, the total or the file count goes over, so an oversized upload
 * never fills memory. Field text must be valid UTF-8 (busboy is told to hand over raw bytes).
 */
export function parseMultipart(req: Request, limits: AttachmentLimits, fileField = 'attachments'): Promise<ParsedUpload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'latin1',
        limits: { fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, files: limits.maxFiles + 1, fileSize: limits.maxFileBytes + 1 },
      });
    } catch {
      reject(new MultipartMalformed());
      return;
    }
    const fields: Record<string, string> = {};
    const files: ParsedUpload['files'] = [];
    let total = 0;
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume(); // drain the rest so the client sees our answer, not a reset
      reject(e);
    };

    bb.on('field', (name, value, info) => {
      if (failed) return;
      if (info.valueTruncated) return fail(new MultipartMalformed());
      try {
        fields[name] = utf8.decode(Buffer.from(value, 'latin1'));
      } catch {
        fail(new BadUtf8(name));
      }
    });
    bb.on('file', (field, stream, info) => {
      if (failed || field !== fileField || !info.filename) {
        stream.resume();
        return;
      }
      let name: string;
      try {
        name = utf8.decode(Buffer.from(info.filename, 'latin1'));
      } catch {
        name = 'attachment';
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        assertFileCount(files.length + 1, limits);
      } catch (e) {
        stream.resume();
        return fail(e as Error);
      }
      // A cut-off body errors the file stream too; the parser's own error handler answers.
      stream.on('error', () => fail(new MultipartMalformed()));
      const entry = { field, filename: name, data: Buffer.alloc(0) };
      files.push(entry);
      stream.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        total += chunk.length;
        try {
          assertFileSize(name, size, limits);
          assertTotalSize(total, limits);
        } catch (e) {
          stream.resume();
          return fail(e as Error);
        }
        chunks.push(chunk);
      });
      stream.on('end', () => {
        entry.data = Buffer.concat(chunks);
      });
    });
    bb.on('filesLimit', () => fail(new MultipartMalformed()));
    bb.on('fieldsLimit', () => fail(new MultipartMalformed()));
    bb.on('error', () => fail(new MultipartMalformed()));
    bb.on('close', () => {
      if (!failed) resolve({ fields, files });
    });
    req.on('aborted', () => fail(new MultipartMalformed()));
    req.pipe(bb);
  });
}

export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
}

/**
 * A form's fields and files, whether it came as multipart (files allowed) or as a JSON or
 * urlencoded body (fields only; JSON values are kept as sent, the validators check their types).
 */
export async function readForm(req: Request, limits: AttachmentLimits): Promise<ParsedUpload> {
  if (isMultipart(req)) {
    const upload = await parseMultipart(req, limits);
    // Form bodies were checked by TextInputGuard before the handler; multipart fields only now.
    assertCleanTextInput(upload.fields);
    return upload;
  }
  return { fields: (req.body ?? {}) as Record<string, string>, files: [] };
}
