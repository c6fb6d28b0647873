import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** An attachment row, its key and metadata still encrypted. */
export interface SealedAttachment {
  id: string;
  messageId: string | null;
  uploadedBy: 'reporter' | 'inspectorate';
  fileKey: Buffer;
  meta: Buffer;
  size: number;
  chunkCount: number;
  createdAt: Date;
}

interface AttachmentRow {
  id: string;
  message_id: string | null;
  uploaded_by: 'reporter' | 'inspectorate';
  file_key: Buffer;
  meta: Buffer;
  size_bytes: string;
  chunk_count: number;
  created_at: Date;
}

function toAttachment(r: AttachmentRow): SealedAttachment {
  return {
    id: r.id,
    messageId: r.message_id,
    uploadedBy: r.uploaded_by,
    fileKey: r.file_key,
    meta: r.meta,
    size: Number(r.size_bytes),
    chunkCount: Number(r.chunk_count),
    createdAt: r.created_at,
  };
}

/**
 * Encrypted attachments (case_attachments) and their secretstream chunks
 * (case_attachment_chunks). Every call runs on the caller's manager: a file is written in the
 * transaction of its message, and read on the connection of the request that streams it.
 */
@Injectable()
export class AttachmentsRepository {
  async insert(
    m: EntityManager,
    a: { id: string; caseId: string; messageId: string | null; uploadedBy: 'reporter' | 'inspectorate'; fileKey: Buffer; meta: Buffer; size: number; chunkCount: number; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO case_attachments (id, case_id, message_id, uploaded_by, file_key, meta, size_bytes, chunk_count, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [a.id, a.caseId, a.messageId, a.uploadedBy, a.fileKey, a.meta, a.size, a.chunkCount, a.at],
    );
  }

  /** One multi-row insert for a batch of chunks numbered from `firstSeq`. */
  async insertChunks(m: EntityManager, attachmentId: string, firstSeq: number, chunks: Buffer[]): Promise<void> {
    const values = chunks.map((_, j) => `($1, $${j * 2 + 2}, $${j * 2 + 3})`).join(', ');
    await m.query(`INSERT INTO case_attachment_chunks (attachment_id, seq, data) VALUES ${values}`, [attachmentId, ...chunks.flatMap((data, j) => [firstSeq + j, data])]);
  }

  async ofCase(m: EntityManager, caseId: string): Promise<SealedAttachment[]> {
    const rows: AttachmentRow[] = await m.query(`SELECT id, message_id, uploaded_by, file_key, meta, size_bytes, created_at FROM case_attachments WHERE case_id = $1 ORDER BY created_at, id`, [
      caseId,
    ]);
    return rows.map(toAttachment);
  }

  async find(m: EntityManager, caseId: string, attachmentId: string): Promise<SealedAttachment | null> {
    const [row]: AttachmentRow[] = await m.query(`SELECT id, file_key, meta, size_bytes, chunk_count FROM case_attachments WHERE id = $1 AND case_id = $2`, [attachmentId, caseId]);
    return row ? toAttachment(row) : null;
  }

  /** The chunks numbered from `from` up to (not including) `to`, in order. */
  async chunks(m: EntityManager, attachmentId: string, from: number, to: number): Promise<Buffer[]> {
    const rows: { data: Buffer }[] = await m.query(`SELECT data FROM case_attachment_chunks WHERE attachment_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`, [attachmentId, from, to]);
    return rows.map((r) => r.data);
  }
}
