import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface RetentionExtensionRow {
  id: string;
  extendedBy: string;
  previousUntil: Date;
  newUntil: Date;
  /** Sealed with the case content key; null once the case is purged. */
  reasonSealed: Buffer | null;
  at: Date;
}

/** The retention_extensions table: each extension of a closed case, its reason sealed with the case. */
@Injectable()
export class RetentionExtensionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The case's extensions, oldest first. */
  async forCase(caseId: string, m: EntityManager | DataSource = this.db): Promise<RetentionExtensionRow[]> {
    const rows: { extended_by: string; previous_until: Date; new_until: Date; reason: Buffer | null; at: Date; id: string }[] = await m.query(
      `SELECT id, extended_by, previous_until, new_until, reason, at FROM retention_extensions WHERE case_id = $1 ORDER BY at`,
      [caseId],
    );
    return rows.map((r) => ({ id: r.id, extendedBy: r.extended_by, previousUntil: r.previous_until, newUntil: r.new_until, reasonSealed: r.reason, at: r.at }));
  }

  /** `from` plus whole years, as PostgreSQL counts calendar years (a 29 February lands on 28 February). */
  async yearsAfter(m: EntityManager, from: Date, years: number): Promise<Date> {
    const [{ new_until }]: { new_until: Date }[] = await m.query(`SELECT $1::timestamptz + make_interval(years => $2::int) AS new_until`, [from, years]);
    return new_until;
  }

  /** A new extension, without its reason (sealed under the id this returns). */
  async insert(m: EntityManager, e: { caseId: string; extendedBy: string; previousUntil: Date; newUntil: Date; at: Date }): Promise<string> {
    const [{ id }]: { id: string }[] = await m.query(`INSERT INTO retention_extensions (case_id, extended_by, previous_until, new_until, at) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      e.caseId,
      e.extendedBy,
      e.previousUntil,
      e.newUntil,
      e.at,
    ]);
    return id;
  }

  async setReason(m: EntityManager, id: string, reasonSealed: Buffer): Promise<void> {
    await m.query(`UPDATE retention_extensions SET reason = $2 WHERE id = $1`, [id, reasonSealed]);
  }

  /** The purge: the reasons are case content; the dates stay. */
  async forgetReasons(m: EntityManager, caseId: string): Promise<void> {
    await m.query(`UPDATE retention_extensions SET reason = NULL WHERE case_id = $1`, [caseId]);
  }
}
