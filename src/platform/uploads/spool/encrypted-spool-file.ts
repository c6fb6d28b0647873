import { randomBytes } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { CryptoService } from '../../crypto';
import type { UploadSource } from './upload-source';

/** Plaintext bytes per spooled chunk. */
export const SPOOL_CHUNK_SIZE = 64 * 1024;
/** What CryptoService.encrypt adds to each chunk: a 24-byte nonce and a 16-byte tag. */
const CHUNK_OVERHEAD = 24 + 16;
/** Name prefix of spool files, so the start-up sweep removes nothing else. */
export const SPOOL_FILE_PREFIX = 'upload-';

/**
 * One uploaded file on disk while its request runs, never in plaintext: each 64 KiB chunk is
 * sealed (XChaCha20-Poly1305) under a random key that exists only in this object's memory. The
 * associated data names the chunk's index and whether it is the last, so chunks cannot be
 * reordered or the file cut short unnoticed.
 *
 * The file is unlinked as soon as it is opened: only this process's descriptor reaches it, and
 * the system frees it when the descriptor is closed (dispose), or when the process dies, whatever
 * happens. Chunks on disk have a fixed size, so any chunk can be found without reading the others.
 */
export class EncryptedSpoolFile implements UploadSource {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private chunks = 0;
  private written = 0;
  private bytes = 0;
  private finished = false;
  private disposed = false;

  private constructor(
    private readonly fd: FileHandle,
    private readonly key: Buffer,
    private readonly crypto: CryptoService,
  ) {}

  static async create(dir: string, crypto: CryptoService): Promise<EncryptedSpoolFile> {
    const file = path.join(dir, `${SPOOL_FILE_PREFIX}${randomBytes(12).toString('hex')}`);
    const fd = await open(file, 'wx+', 0o600);
    try {
      await unlink(file);
    } catch (e) {
      await fd.close();
      throw e;
    }
    return new EncryptedSpoolFile(fd, crypto.randomKey(), crypto);
  }

  /** Plaintext bytes appended so far. */
  get size(): number {
    return this.bytes;
  }

  async append(data: Buffer): Promise<void> {
    if (this.finished) throw new Error('spool file already finished');
    this.bytes += data.length;
    // Copied: busboy may reuse its buffers, and the copy is wiped once sealed.
    this.pending.push(Buffer.from(data));
    this.pendingBytes += data.length;
    while (this.pendingBytes >= SPOOL_CHUNK_SIZE) await this.seal(this.take(SPOOL_CHUNK_SIZE), false);
  }

  /** Seals the last (possibly short or empty) chunk; the file is then complete and readable. */
  async finish(): Promise<void> {
    if (this.finished) return;
    await this.seal(this.take(this.pendingBytes), true);
    this.finished = true;
  }

  async *stream(): AsyncGenerator<Buffer> {
    if (!this.finished) throw new Error('spool file read before it was finished');
    for (let i = 0; i < this.chunks; i++) {
      const last = i === this.chunks - 1;
      const length = (last ? this.bytes - i * SPOOL_CHUNK_SIZE : SPOOL_CHUNK_SIZE) + CHUNK_OVERHEAD;
      const box = Buffer.alloc(length);
      const { bytesRead } = await this.fd.read(box, 0, length, i * (SPOOL_CHUNK_SIZE + CHUNK_OVERHEAD));
      if (bytesRead !== length) throw new Error('spool file is shorter than written');
      yield this.crypto.decrypt(this.key, box, chunkAd(i, last));
    }
  }

  /** Frees the disk space and forgets the key. Safe to call more than once. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.crypto.wipe(this.key);
    for (const p of this.pending) this.crypto.wipe(p);
    this.pending = [];
    await this.fd.close().catch(() => undefined);
  }

  private take(n: number): Buffer {
    const all = Buffer.concat(this.pending, this.pendingBytes);
    for (const p of this.pending) this.crypto.wipe(p);
    const rest = all.subarray(n);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    const chunk = all.subarray(0, n);
    if (rest.length) this.crypto.wipe(rest);
    return chunk;
  }

  private async seal(plaintext: Buffer, last: boolean): Promise<void> {
    if (this.disposed) throw new Error('spool file already disposed');
    const box = this.crypto.encrypt(this.key, plaintext, chunkAd(this.chunks, last));
    this.crypto.wipe(plaintext);
    await this.fd.write(box, 0, box.length, this.written);
    this.written += box.length;
    this.chunks++;
  }
}

function chunkAd(index: number, last: boolean): string {
  return `upload-spool:${index}:${last ? 'last' : 'more'}`;
}
