import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import * as path from 'node:path';

/**
 * `<dataDir>/secrets`, created readable by its owner only (0700). A directory that exists with
 * access for group or others is narrowed to 0700: it holds nothing anyone else should read.
 */
export function ensureSecretsDir(dataDir: string): string {
  const dir = path.join(dataDir, 'secrets');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Windows has no such mode bits; Node reports 0o666 there.
  if (process.platform !== 'win32' && (fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
  return dir;
}

/**
 * Writes `text` to `file` (mode 0600) unless the file exists; returns whether it wrote. The text
 * goes to a temporary name first and is then hard-linked into place: link() fails when the name
 * exists, so an existing file is never overwritten, and when two processes race exactly one
 * complete file wins (rename() would let the second replace the first after it had been read).
 */
export function writeSecretFileOnce(file: string, text: string): boolean {
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.fchmodSync(fd, 0o600); // whatever the umask
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(temp, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
