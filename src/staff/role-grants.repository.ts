import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from './role';
import type { PendingGrantView } from './staff.service';

/** A grant as its decision needs it. */
export interface GrantToDecide {
  id: string;
  role: Role;
  proposedBy: string;
  status: string;
}

/** The staff_role_grants table: grants proposed by one admin, decided by another. */
@Injectable()
export class RoleGrantsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Pending grants per member (of one member, or of all with `staffId` null), oldest first. */
  async pending(staffId: string | null, m: EntityManager | DataSource = this.db): Promise<Map<string, PendingGrantView[]>> {
    const rows: { id: string; staff_id: string; role: Role; proposed_by: string; proposer: string; proposed_at: Date }[] = await m.query(
      `SELECT g.id, g.staff_id, g.role, g.proposed_by, p.name AS proposer, g.proposed_at
         FROM staff_role_grants g JOIN staff p ON p.id = g.proposed_by
        WHERE g.status = 'pending' AND ($1::uuid IS NULL OR g.staff_id = $1) ORDER BY g.proposed_at, g.role`,
      [staffId],
    );
    const byStaff = new Map<string, PendingGrantView[]>();
    for (const r of rows) {
      const list = byStaff.get(r.staff_id) ?? [];
      list.push({ id: r.id, role: r.role, proposedBy: { id: r.proposed_by, name: r.proposer }, proposedAt: r.proposed_at });
      byStaff.set(r.staff_id, list);
    }
    return byStaff;
  }

  /** The member's grant, locked against a second decision at the same moment; null when there is none. */
  async lock(m: EntityManager, staffId: string, grantId: string): Promise<GrantToDecide | null> {
    const [g]: { id: string; role: Role; proposed_by: string; status: string }[] = await m.query(
      `SELECT id, role, proposed_by, status FROM staff_role_grants WHERE id = $1 AND staff_id = $2 FOR UPDATE`,
      [grantId, staffId],
    );
    return g ? { id: g.id, role: g.role, proposedBy: g.proposed_by, status: g.status } : null;
  }

  async propose(m: EntityManager, grant: { id: string; staffId: string; role: Role; proposedBy: string; proposedAt: Date }): Promise<void> {
    await m.query(`INSERT INTO staff_role_grants (id, staff_id, role, proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5)`, [
      grant.id,
      grant.staffId,
      grant.role,
      grant.proposedBy,
      grant.proposedAt,
    ]);
  }

  async confirm(m: EntityManager, grantId: string, decidedBy: string, at: Date): Promise<void> {
    await m.query(`UPDATE staff_role_grants SET status = 'confirmed', decided_by = $2, decided_at = $3 WHERE id = $1`, [grantId, decidedBy, at]);
  }

  async reject(m: EntityManager, grantId: string, decidedBy: string, at: Date): Promise<void> {
    await m.query(`UPDATE staff_role_grants SET status = 'rejected', decided_by = $2, decided_at = $3 WHERE id = $1`, [grantId, decidedBy, at]);
  }
}
