import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** A case's retention as the retention module sees it. */
export interface CaseRetentionRow {
  id: string;
  number: string;
  status: string;
  outcome: string | null;
  retainUntil: Date | null;
  purgedAt: Date | null;
}

/**
 * The retention columns of `cases` (retain_until, retention_noticed_for, purged_at): the
 * retention module decides, this repository is the only code that reads and writes them. All
 * reads of due cases go through the partial index on retain_until.
 */
@Injectable()
export class CaseRetentionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(caseId: string): Promise<CaseRetentionRow | null> {
    const [row]: { id: string; number: string; status: string; outcome: string | null; retain_until: Date | null; purged_at: Date | null }[] = await this.db.query(
      `SELECT id, number, status, outcome, retain_until, purged_at FROM cases WHERE id = $1`,
      [caseId],
    );
    return row ? { id: row.id, number: row.number, status: row.status, outcome: row.outcome, retainUntil: row.retain_until, purgedAt: row.purged_at } : null;
  }

  /** Locks the case for an extension; null when there is no such case. */
  async lockForExtension(m: EntityManager, caseId: string): Promise<{ retainUntil: Date | null; purgedAt: Date | null } | null> {
    const [row]: { retain_until: Date | null; purged_at: Date | null }[] = await m.query(`SELECT retain_until, purged_at FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    return row ? { retainUntil: row.retain_until, purgedAt: row.purged_at } : null;
  }

  /** A new retention date; the notice is due again for it. */
  async setRetainUntil(m: EntityManager, caseId: string, retainUntil: Date): Promise<void> {
    await m.query(`UPDATE cases SET retain_until = $2, retention_noticed_for = NULL WHERE id = $1`, [caseId, retainUntil]);
  }

  /** Ids of the cases whose retention ended by `now`, oldest first. */
  async dueForPurge(m: EntityManager, now: Date): Promise<string[]> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM cases WHERE retain_until IS NOT NULL AND purged_at IS NULL AND retain_until <= $1 ORDER BY retain_until`, [now]);
    return rows.map((r) => r.id);
  }

  /** Case numbers a run as of `asOf` would notice (ending within `noticeDays`) or purge; reads only. */
  async preview(asOf: Date, noticeDays: number): Promise<{ number: string; purge: boolean }[]> {
    return this.db.query(
      `SELECT number, retain_until <= $1 AS purge FROM cases
        WHERE retain_until IS NOT NULL AND purged_at IS NULL AND retain_until <= $1::timestamptz + make_interval(days => $2)
          AND (retain_until <= $1 OR retention_noticed_for IS DISTINCT FROM retain_until)
        ORDER BY retain_until, number`,
      [asOf, noticeDays],
    );
  }

  /**
   * Marks up to `limit` cases whose retention ends within `noticeDays` as noticed for their
   * current date, and returns them (so each date is noticed once; an extension makes a new one).
   */
  async markNoticed(m: EntityManager, now: Date, noticeDays: number, limit: number): Promise<{ id: string; number: string; retainUntil: Date }[]> {
    const rows: { id: string; number: string; retain_until: Date }[] = await m.query(
      `WITH due AS (
         SELECT id FROM cases
          WHERE retain_until IS NOT NULL AND purged_at IS NULL AND retain_until > $1 AND retain_until <= $1::timestamptz + make_interval(days => $2)
            AND retention_noticed_for IS DISTINCT FROM retain_until
          ORDER BY retain_until LIMIT $3 FOR UPDATE SKIP LOCKED
       ), noticed AS (
         UPDATE cases c SET retention_noticed_for = c.retain_until FROM due WHERE c.id = due.id
         RETURNING c.id, c.number, c.retain_until
       )
       SELECT * FROM noticed`,
      [now, noticeDays, limit],
    );
    return rows.map((r) => ({ id: r.id, number: r.number, retainUntil: r.retain_until }));
  }

  /** Locks a case whose retention ended by `now` and is not purged yet; null when extended or purged meanwhile. */
  async lockExpired(m: EntityManager, caseId: string, now: Date): Promise<{ outcome: string; retainUntil: Date } | null> {
    const [row]: { outcome: string; retain_until: Date }[] = await m.query(`SELECT outcome, retain_until FROM cases WHERE id = $1 AND purged_at IS NULL AND retain_until <= $2 FOR UPDATE`, [
      caseId,
      now,
    ]);
    return row ? { outcome: row.outcome, retainUntil: row.retain_until } : null;
  }
}
