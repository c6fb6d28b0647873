import type { Response } from 'express';

/**
 * Streams a file decrypted on the fly, as a download (never rendered inline: an uploaded file is
 * untrusted content). A tampered or truncated ciphertext throws mid-stream: the response is then
 * cut off rather than finished, so a broken file never passes for a whole one.
 */
export async function sendDecrypted(res: Response, file: { meta: { filename: string; mimeType: string }; size: number; content: AsyncIterable<Buffer> }): Promise<void> {
  res.setHeader('Content-Type', file.meta.mimeType);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(file.meta.filename)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  try {
    for await (const chunk of file.content) {
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  } catch {
    res.destroy();
  }
}
