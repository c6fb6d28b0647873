import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CryptoService, STREAM_CHUNK_SIZE } from '../platform/crypto';
import type { AttachmentInput, AttachmentMeta, AttachmentSummary } from './case.types';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentNotFound } from './cases.errors';

/** Chunk rows per INSERT. */
const CHUNK_BATCH = 32;

/**
 * Attachments are encrypted before they touch the database: each file gets its own key (wrapped
 * under the case content key Kc, so crypto-shredding Kc destroys it), and its bytes are stored
 * as secretstream chunks in their own rows, so a download decrypts and streams chunk by chunk.
 */
@Injectable()
export class AttachmentStore {
  constructor(
    private readonly crypto: CryptoService,
    private readonly rows: AttachmentsRepository,
  ) {}

  async store(
    manager: EntityManager,
    caseId: string,
    contentKey: Buffer,
    file: AttachmentInput,
    opts: { uploadedBy: 'reporter' | 'inspectorate'; messageId: string | null; at: Date },
  ): Promise<string> {
    const id = randomUUID();
    const fileKey = this.crypto.randomKey();
    const meta: AttachmentMeta = { filename: file.filename, mimeType: file.mimeType, sha256: file.sha256, metadataRemoved: file.metadataRemoved };
    const size = file.source.size;
    // encryptStream yields the header, then one chunk per STREAM_CHUNK_SIZE (at least one).
    const chunkCount = Math.max(1, Math.ceil(size / STREAM_CHUNK_SIZE));
    await this.rows.insert(manager, {
      id,
      caseId,
      messageId: opts.messageId,
      uploadedBy: opts.uploadedBy,
      fileKey: this.crypto.encrypt(contentKey, fileKey, `attachment:${id}:key`),
      meta: this.crypto.encryptJson(fileKey, meta, `attachment:${id}:meta`),
      size,
      chunkCount,
      at: opts.at,
    });
    // Encrypted and written as read, a batch at a time: one multi-row insert per batch keeps a
    // 25 MiB file to a handful of round trips, and only one batch is ever in memory.
    let header: Buffer | null = null;
    let batch: Buffer[] = [];
    let seq = 0;
    const flush = async () => {
      await this.rows.insertChunks(manager, id, seq, batch);
      seq += batch.length;
      batch = [];
    };
    try {
      for await (const c of this.crypto.encryptStream(fileKey, file.source.stream())) {
        // The header is tiny: it travels with the first chunk so the rows alone rebuild the stream.
        if (!header) {
          header = c;
          continue;
        }
        batch.push(seq + batch.length === 0 ? Buffer.concat([header, c]) : c);
        if (batch.length === CHUNK_BATCH) await flush();
      }
      if (batch.length) await flush();
    } finally {
      this.crypto.wipe(fileKey);
    }
    // The source's size was announced up front; a source that lied would leave a broken file.
    if (seq !== chunkCount) throw new Error('attachment source did not match its size');
    return id;
  }

  async list(manager: EntityManager, caseId: string, contentKey: Buffer): Promise<(AttachmentSummary & { messageId: string | null })[]> {
    const rows = await this.rows.ofCase(manager, caseId);
    return rows.map((r) => {
      const fileKey = this.crypto.decrypt(contentKey, r.fileKey, `attachment:${r.id}:key`);
      const meta = this.crypto.decryptJson<AttachmentMeta>(fileKey, r.meta, `attachment:${r.id}:meta`);
      return { id: r.id, messageId: r.messageId, uploadedBy: r.uploadedBy, size: r.size, createdAt: r.createdAt, ...meta };
    });
  }

  /** Decrypts on the fly; the caller must abort the response if the stream throws. */
  async open(manager: EntityManager, caseId: string, attachmentId: string, contentKey: Buffer): Promise<{ meta: AttachmentMeta; size: number; content: AsyncGenerator<Buffer> }> {
    const row = await this.rows.find(manager, caseId, attachmentId);
    if (!row) throw new AttachmentNotFound();
    const fileKey = this.crypto.decrypt(contentKey, row.fileKey, `attachment:${row.id}:key`);
    const meta = this.crypto.decryptJson<AttachmentMeta>(fileKey, row.meta, `attachment:${row.id}:meta`);
    const chunkCount = row.chunkCount;
    const crypto = this.crypto;
    const rows = this.rows;
    async function* ciphertext(): AsyncGenerator<Buffer> {
      // A few chunks per query: bounded memory whatever the file size.
      for (let seq = 0; seq < chunkCount; seq += 8) {
        yield* await rows.chunks(manager, attachmentId, seq, seq + 8);
      }
    }
    async function* plaintext(): AsyncGenerator<Buffer> {
      try {
        yield* crypto.decryptStream(fileKey, ciphertext(), STREAM_CHUNK_SIZE);
      } finally {
        crypto.wipe(fileKey);
      }
    }
    return { meta, size: row.size, content: plaintext() };
  }
}
