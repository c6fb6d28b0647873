import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * What other modules may read about cases without naming the cases tables: a case's number and
 * who is assigned to it (metadata only, never content). The read interface cases exports beside
 * its services, like StaffDirectory for staff; add a question here rather than a join elsewhere.
 */
@Injectable()
export class CaseDirectory {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A case's number, or null when there is no such case (any more: retention removes cases). */
  async numberOf(caseId: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [row]: { number: string }[] = await m.query(`SELECT number FROM cases WHERE id = $1`, [caseId]);
    return row?.number ?? null;
  }

  /** Case numbers by id; an unknown id is simply missing from the map. */
  async numbersOf(ids: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows: { id: string; number: string }[] = await m.query(`SELECT id, number FROM cases WHERE id = ANY($1::uuid[])`, [unique]);
    return new Map(rows.map((r) => [r.id, r.number]));
  }

  /** The id of the case with this number, or null. */
  async idOfNumber(number: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [row]: { id: string }[] = await m.query(`SELECT id FROM cases WHERE number = $1`, [number]);
    return row?.id ?? null;
  }

  /** The staff members assigned to a case (none before a supervisor assigns it). */
  async assigneesOf(caseId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { staff_id: string }[] = await m.query(`SELECT staff_id FROM case_assignments WHERE case_id = $1`, [caseId]);
    return rows.map((r) => r.staff_id);
  }
}
