import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

type Db = EntityManager | DataSource;

/** A message or note row, its body still encrypted. */
export interface SealedEntry {
  id: string;
  body: Buffer;
  at: Date;
}

/**
 * The conversation with the reporter (case_messages) and the staff's internal notes
 * (case_notes): bodies arrive here already encrypted and leave still encrypted.
 */
@Injectable()
export class CaseConversationRepository {
  async addMessage(m: Db, msg: { id: string; caseId: string; from: 'reporter' | 'inspectorate'; staffId: string | null; body: Buffer; at: Date; sendToken: string | null }): Promise<void> {
    await m.query(`INSERT INTO case_messages (id, case_id, author, author_staff_id, body, created_at, send_token) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      msg.id,
      msg.caseId,
      msg.from,
      msg.staffId,
      msg.body,
      msg.at,
      msg.sendToken,
    ]);
  }

  async messageIdBySendToken(m: Db, caseId: string, sendToken: string): Promise<string | null> {
    const [row]: { id: string }[] = await m.query(`SELECT id FROM case_messages WHERE case_id = $1 AND send_token = $2`, [caseId, sendToken]);
    return row?.id ?? null;
  }

  /** Messages in order; staff names are never part of them. */
  async messages(m: Db, caseId: string): Promise<(SealedEntry & { from: 'reporter' | 'inspectorate' })[]> {
    const rows: { id: string; author: 'reporter' | 'inspectorate'; body: Buffer; created_at: Date }[] = await m.query(
      `SELECT id, author, body, created_at FROM case_messages WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    return rows.map((r) => ({ id: r.id, from: r.author, body: r.body, at: r.created_at }));
  }

  async addNote(m: Db, note: { id: string; caseId: string; staffId: string; body: Buffer; at: Date }): Promise<void> {
    await m.query(`INSERT INTO case_notes (id, case_id, author_staff_id, body, created_at) VALUES ($1, $2, $3, $4, $5)`, [note.id, note.caseId, note.staffId, note.body, note.at]);
  }

  /** Notes in order, with their author's staff id. */
  async notes(m: Db, caseId: string): Promise<(SealedEntry & { authorId: string })[]> {
    const rows: { id: string; author_staff_id: string; body: Buffer; created_at: Date }[] = await m.query(
      `SELECT n.id, n.author_staff_id, n.body, n.created_at FROM case_notes n
        WHERE n.case_id = $1 ORDER BY n.created_at, n.id`,
      [caseId],
    );
    return rows.map((r) => ({ id: r.id, authorId: r.author_staff_id, body: r.body, at: r.created_at }));
  }

  /** How many of these notes belong to the case (a document may only quote the case's own). */
  async countNotesOf(m: Db, caseId: string, noteIds: string[]): Promise<number> {
    const found: { id: string }[] = await m.query(`SELECT id FROM case_notes WHERE case_id = $1 AND id = ANY($2::uuid[])`, [caseId, noteIds]);
    return found.length;
  }
}
