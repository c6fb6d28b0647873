import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

type Db = EntityManager | DataSource;

/**
 * Who works a case and who holds its keys: case_assignments and case_keys. A sealed key arrives
 * here already sealed to its holder; nothing in this file can open one.
 */
@Injectable()
export class CaseAssignmentsRepository {
  async isAssigned(m: Db, caseId: string, staffId: string): Promise<boolean> {
    const [assigned] = await m.query(`SELECT 1 FROM case_assignments WHERE case_id = $1 AND staff_id = $2`, [caseId, staffId]);
    return !!assigned;
  }

  /** The staff ids assigned to the case, in the order they were assigned. */
  async assigneeIds(m: Db, caseId: string): Promise<string[]> {
    const rows: { staff_id: string }[] = await m.query(`SELECT a.staff_id FROM case_assignments a WHERE a.case_id = $1 ORDER BY a.assigned_at`, [caseId]);
    return rows.map((r) => r.staff_id);
  }

  /** For these members: how many open cases each works on, and whether they are on this case. */
  async workload(m: Db, caseId: string, staffIds: string[]): Promise<Map<string, { openCases: number; assigned: boolean }>> {
    const rows: { staff_id: string; open_cases: string; assigned: boolean }[] = await m.query(
      `SELECT s.staff_id,
              (SELECT count(*) FROM case_assignments a JOIN cases c ON c.id = a.case_id
                WHERE a.staff_id = s.staff_id AND c.status <> 'closed') AS open_cases,
              EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = $1 AND a.staff_id = s.staff_id) AS assigned
         FROM unnest($2::uuid[]) AS s(staff_id)`,
      [caseId, staffIds],
    );
    return new Map(rows.map((r) => [r.staff_id, { openCases: Number(r.open_cases), assigned: r.assigned }]));
  }

  /** False when the inspector was assigned already. */
  async assign(m: EntityManager, a: { caseId: string; staffId: string; by: string; at: Date; conflictOverride: Buffer | null }): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO case_assignments (case_id, staff_id, assigned_by, assigned_at, conflict_override)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING staff_id`,
      [a.caseId, a.staffId, a.by, a.at, a.conflictOverride],
    );
    return inserted.length > 0;
  }

  /** False when the member was not assigned. */
  async unassign(m: EntityManager, caseId: string, staffId: string): Promise<boolean> {
    const removed: unknown[] = await m.query(`WITH d AS (DELETE FROM case_assignments WHERE case_id = $1 AND staff_id = $2 RETURNING staff_id) SELECT staff_id FROM d`, [caseId, staffId]);
    return removed.length > 0;
  }

  // ---- Sealed keys

  /** The content key sealed to a member, replacing an earlier copy. */
  async grantContentKey(m: EntityManager, k: { caseId: string; staffId: string; sealed: Buffer; at: Date; by: string }): Promise<void> {
    await m.query(
      `INSERT INTO case_keys (case_id, staff_id, kind, sealed, granted_at, granted_by) VALUES ($1, $2, 'content', $3, $4, $5)
       ON CONFLICT (case_id, staff_id, kind) DO UPDATE SET sealed = EXCLUDED.sealed, granted_at = EXCLUDED.granted_at, granted_by = EXCLUDED.granted_by`,
      [k.caseId, k.staffId, k.sealed, k.at, k.by],
    );
  }

  async dropContentKey(m: EntityManager, caseId: string, staffId: string): Promise<void> {
    await m.query(`DELETE FROM case_keys k WHERE k.case_id = $1 AND k.staff_id = $2 AND k.kind = 'content'`, [caseId, staffId]);
  }

  async grantIdentityKey(m: EntityManager, k: { caseId: string; staffId: string; sealed: Buffer; at: Date; by: string }): Promise<void> {
    await m.query(`INSERT INTO case_keys (case_id, staff_id, kind, sealed, granted_at, granted_by) VALUES ($1, $2, 'identity', $3, $4, $5)`, [k.caseId, k.staffId, k.sealed, k.at, k.by]);
  }

  async holdsIdentityKey(m: Db, caseId: string, staffId: string): Promise<boolean> {
    const [held] = await m.query(`SELECT 1 FROM case_keys WHERE case_id = $1 AND staff_id = $2 AND kind = 'identity'`, [caseId, staffId]);
    return !!held;
  }

  /** The identity key sealed to this member, if they hold one. */
  async identityKeyOf(m: Db, caseId: string, staffId: string): Promise<Buffer | null> {
    const [own]: { sealed: Buffer }[] = await m.query(`SELECT sealed FROM case_keys WHERE case_id = $1 AND staff_id = $2 AND kind = 'identity'`, [caseId, staffId]);
    return own?.sealed ?? null;
  }

  /**
   * What the content gate needs in one look-up: whether the case exists (null when not), the
   * content key sealed to this member, whether they are assigned and whether it was purged.
   */
  async accessOf(m: Db, caseId: string, staffId: string): Promise<{ sealed: Buffer | null; assigned: boolean; purged: boolean } | null> {
    const rows: { sealed: Buffer | null; assigned: boolean; purged: boolean }[] = await m.query(
      `SELECT k.sealed, (a.staff_id IS NOT NULL) AS assigned, (c.purged_at IS NOT NULL) AS purged FROM cases c
         LEFT JOIN case_keys k ON k.case_id = c.id AND k.staff_id = $2 AND k.kind = 'content'
         LEFT JOIN case_assignments a ON a.case_id = c.id AND a.staff_id = $2
        WHERE c.id = $1`,
      [caseId, staffId],
    );
    return rows[0] ?? null;
  }
}
