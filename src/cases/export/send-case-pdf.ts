import type { Response } from 'express';
import type { CaseExportFile } from './case-export.service';

/**
 * The case file as a download. Its SHA-256 travels in a header too, so a client (or a person
 * looking at the response) can note it; the same value is in the audit log.
 */
export function sendCasePdf(res: Response, file: CaseExportFile): void {
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  // The case number is all [A-Z0-9-]: safe in a header as it is.
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Content-Length', String(file.pdf.length));
  res.setHeader('X-Document-SHA256', file.sha256);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(file.pdf);
}
