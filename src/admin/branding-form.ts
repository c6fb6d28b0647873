import busboy from 'busboy';
import type { Request } from 'express';
import { isMultipart, MultipartMalformed } from '../platform/uploads/multipart';
import { LOGO_MAX_BYTES } from '../branding';

export interface BrandingForm {
  fields: Record<string, string>;
  /** The chosen logo file (at most LOGO_MAX_BYTES + 1 bytes kept, so "too large" is still known), or null. */
  logo: Buffer | null;
}

/**
 * The admin's branding form: text fields and at most one small file, read into memory with
 * limits (the logo is at most LOGO_MAX_BYTES), unlike reporters' evidence, which is spooled.
 * A file over the limit is cut at one byte more, so the logo check refuses it by size.
 */
export function readBrandingForm(req: Request): Promise<BrandingForm> {
  if (!isMultipart(req)) return Promise.resolve({ fields: (req.body ?? {}) as Record<string, string>, logo: null });
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let logo: Buffer | null = null;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 40, fieldSize: 16 * 1024, fileSize: LOGO_MAX_BYTES + 1 } });
    } catch {
      return reject(new MultipartMalformed());
    }
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // A browser sends an empty part with no name when no file was chosen.
        if (name === 'logo' && (info.filename || chunks.length)) logo = Buffer.concat(chunks);
      });
    });
    parser.on('error', () => reject(new MultipartMalformed()));
    parser.on('close', () => resolve({ fields, logo }));
    req.pipe(parser);
  });
}
