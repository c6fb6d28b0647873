import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A reporter session as stored: the case content key wrapped under the key only the reporter's token carries. */
export interface ReporterSessionRow {
  id: string;
  caseId: string;
  contentKeyWrapped: Buffer;
  createdAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

/** The reporter_sessions table (see its migration); forgetting a case's sessions is ReporterTraces'. */
@Injectable()
export class ReporterSessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, s: Omit<ReporterSessionRow, 'endedAt'>): Promise<void> {
    await m.query(`INSERT INTO reporter_sessions (id, case_id, content_key_wrapped, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      s.id,
      s.caseId,
      s.contentKeyWrapped,
      s.createdAt,
      s.expiresAt,
    ]);
  }

  async find(id: string, m: EntityManager | DataSource = this.db): Promise<Omit<ReporterSessionRow, 'id' | 'createdAt'> | null> {
    const [row]: { case_id: string; content_key_wrapped: Buffer; expires_at: Date; ended_at: Date | null }[] = await m.query(
      `SELECT case_id, content_key_wrapped, expires_at, ended_at FROM reporter_sessions WHERE id = $1`,
      [id],
    );
    return row ? { caseId: row.case_id, contentKeyWrapped: row.content_key_wrapped, expiresAt: row.expires_at, endedAt: row.ended_at } : null;
  }

  /** Ends the session if still open; ending it twice changes nothing. */
  async end(id: string, at: Date, m: EntityManager | DataSource = this.db): Promise<void> {
    await m.query(`UPDATE reporter_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, [id, at]);
  }
}
