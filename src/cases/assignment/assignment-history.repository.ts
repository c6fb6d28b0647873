import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConflictKind } from './conflicts';

export type AssignmentAction = 'assigned' | 'unassigned' | 'recused';

export interface AssignmentRecord {
  caseId: string;
  inspectorId: string;
  action: AssignmentAction;
  actorId: string;
  at: Date;
  conflicts?: readonly ConflictKind[];
  /** Sealed by the caller with the case content key, bound to `id`. */
  sealReason?: (id: string) => Buffer;
}

export interface AssignmentHistoryRow {
  id: string;
  inspectorId: string;
  inspectorName: string;
  action: AssignmentAction;
  actorName: string;
  at: Date;
  conflicts: ConflictKind[];
  reason: Buffer | null;
}

/** case_assignment_history: who was put on a case and taken off it, by whom and why. */
@Injectable()
export class AssignmentHistoryRepository {
  async record(m: EntityManager, r: AssignmentRecord): Promise<string> {
    const id = randomUUID();
    await m.query(`INSERT INTO case_assignment_history (id, case_id, inspector_id, action, actor_id, at, conflicts, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      id,
      r.caseId,
      r.inspectorId,
      r.action,
      r.actorId,
      r.at,
      r.conflicts ?? [],
      r.sealReason ? r.sealReason(id) : null,
    ]);
    return id;
  }

  /** Inspectors who stepped back from the case: conflicted for it from then on. */
  async recusedFrom(m: EntityManager, caseId: string): Promise<string[]> {
    const rows: { inspector_id: string }[] = await m.query(`SELECT DISTINCT inspector_id FROM case_assignment_history WHERE case_id = $1 AND action = 'recused'`, [caseId]);
    return rows.map((r) => r.inspector_id);
  }

  async forCase(m: EntityManager, caseId: string): Promise<AssignmentHistoryRow[]> {
    const rows: { id: string; inspector_id: string; inspector: string; action: AssignmentAction; actor: string; at: Date; conflicts: ConflictKind[]; reason: Buffer | null }[] = await m.query(
      `SELECT h.id, h.inspector_id, i.name AS inspector, h.action, a.name AS actor, h.at, h.conflicts, h.reason
         FROM case_assignment_history h JOIN staff_names i ON i.id = h.inspector_id JOIN staff_names a ON a.id = h.actor_id
        WHERE h.case_id = $1 ORDER BY h.at, h.id`,
      [caseId],
    );
    return rows.map((r) => ({ id: r.id, inspectorId: r.inspector_id, inspectorName: r.inspector, action: r.action, actorName: r.actor, at: r.at, conflicts: r.conflicts, reason: r.reason }));
  }
}
