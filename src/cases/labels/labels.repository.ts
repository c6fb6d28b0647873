import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

type Db = EntityManager | DataSource;

/** A label as stored: its columns are already the view's shape. */
export interface LabelRow {
  id: string;
  name: string;
  colour: string;
}

/** Case labels (case_labels) and which case carries which (case_label_assignments). */
@Injectable()
export class LabelsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<LabelRow[]> {
    return this.db.query(`SELECT id, name, colour FROM case_labels ORDER BY lower(name), id`);
  }

  /** Locks the label until the transaction ends; null when there is none. */
  async lock(m: EntityManager, labelId: string): Promise<LabelRow | null> {
    const [row]: LabelRow[] = await m.query(`SELECT id, name, colour FROM case_labels WHERE id = $1 FOR UPDATE`, [labelId]);
    return row ?? null;
  }

  /** Whether another label has this name, whatever its case. */
  async nameTaken(m: Db, name: string, exceptId: string | null): Promise<boolean> {
    const taken: unknown[] = await m.query(`SELECT 1 FROM case_labels WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2`, [name, exceptId]);
    return taken.length > 0;
  }

  async insert(m: EntityManager, label: LabelRow, by: string, at: Date): Promise<void> {
    await m.query(`INSERT INTO case_labels (id, name, colour, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`, [label.id, label.name, label.colour, by, at]);
  }

  async rename(m: EntityManager, labelId: string, name: string): Promise<void> {
    await m.query(`UPDATE case_labels SET name = $2 WHERE id = $1`, [labelId, name]);
  }

  /** Deleting a label takes it off every case (the assignments cascade). */
  async delete(m: EntityManager, labelId: string): Promise<void> {
    await m.query(`DELETE FROM case_labels WHERE id = $1`, [labelId]);
  }

  ofCase(caseId: string): Promise<LabelRow[]> {
    return this.db.query(`SELECT l.id, l.name, l.colour FROM case_label_assignments a JOIN case_labels l ON l.id = a.label_id WHERE a.case_id = $1 ORDER BY lower(l.name), l.id`, [caseId]);
  }

  /** False when the label was on the case already. */
  async addToCase(m: EntityManager, caseId: string, labelId: string): Promise<boolean> {
    const inserted: unknown[] = await m.query(`INSERT INTO case_label_assignments (case_id, label_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING case_id`, [caseId, labelId]);
    return inserted.length > 0;
  }

  /** False when the label was not on the case. */
  async removeFromCase(m: EntityManager, caseId: string, labelId: string): Promise<boolean> {
    // Through a CTE: TypeORM returns [rows, count] for a bare DELETE … RETURNING.
    const deleted: unknown[] = await m.query(`WITH d AS (DELETE FROM case_label_assignments WHERE case_id = $1 AND label_id = $2 RETURNING case_id) SELECT case_id FROM d`, [caseId, labelId]);
    return deleted.length > 0;
  }

  /**
   * Locks the case row (so two changes to its labels queue up) and tells whether the member is
   * assigned to it; null when there is no such case.
   */
  async lockCase(m: EntityManager, caseId: string, staffId: string): Promise<{ assigned: boolean } | null> {
    const rows: { assigned: boolean }[] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id AND a.staff_id = $2) AS assigned FROM cases c WHERE c.id = $1 FOR UPDATE OF c`,
      [caseId, staffId],
    );
    return rows[0] ?? null;
  }
}
