import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CryptoService } from '../platform/crypto';
import { EventPublisher } from '../platform/events';
import { Conflict, ValidationFailed } from '../platform/http/domain-error';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { CaseAccess } from './case-access.service';
import { CaseStore } from './case-store';
import { CaseNotFound } from './cases.errors';
import { CaseAssigned, CaseUnassigned, InspectorRecused } from './events/case-events';
import { REASON_MAX } from './workflow/case-workflow';

export type ConflictKind = 'same_opd' | 'named_in_report';

export interface AssignableInspector {
  id: string;
  name: string;
  opdCode: string | null;
  openCases: number;
  assigned: boolean;
  conflicts: ConflictKind[];
}

export class ConflictOfInterest extends Conflict {
  constructor(conflicts: ConflictKind[]) {
    super('cases.conflict_of_interest', { field: 'overrideReason', params: { conflicts: conflicts.join(', ') } });
  }
}

/**
 * Who works a case. Assigning re-seals the case content key to the inspector from the
 * supervisor's session (DESIGN.md §4); unassigning or recusal deletes that sealed key, so the
 * inspector can no longer decrypt anything of the case.
 */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CaseAccess,
    private readonly store: CaseStore,
    private readonly crypto: CryptoService,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  /** Active inspectors, for filters and pickers. */
  async inspectors(): Promise<{ id: string; name: string }[]> {
    return this.db.query(`SELECT id, name FROM staff WHERE active AND 'inspector' = ANY(roles) ORDER BY name`);
  }

  /** Active inspectors, fewest open cases first, with conflict-of-interest flags for this case. */
  async assignable(me: StaffRef, caseId: string): Promise<AssignableInspector[]> {
    this.access.assertSupervisor(me);
    const m = this.db.manager;
    const key = await this.access.contentKey(m, me, caseId);
    try {
      const facts = await this.caseFacts(m, caseId, key);
      const rows: { id: string; name: string; opd_code: string | null; open_cases: string; assigned: boolean }[] = await m.query(
        `SELECT s.id, s.name, s.opd_code,
                (SELECT count(*) FROM case_assignments a JOIN cases c ON c.id = a.case_id
                  WHERE a.staff_id = s.id AND c.status <> 'closed') AS open_cases,
                EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = $1 AND a.staff_id = s.id) AS assigned
           FROM staff s WHERE s.active AND 'inspector' = ANY(s.roles)
          ORDER BY open_cases, s.name`,
        [caseId],
      );
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        opdCode: r.opd_code,
        openCases: Number(r.open_cases),
        assigned: r.assigned,
        conflicts: conflictsOf({ name: r.name, opdCode: r.opd_code }, facts),
      }));
    } finally {
      key.fill(0);
    }
  }

  async assign(me: StaffRef, caseId: string, inspectorIdInput: unknown, overrideInput?: unknown): Promise<{ conflicts: ConflictKind[] }> {
    this.access.assertSupervisor(me);
    const inspectorId = typeof inspectorIdInput === 'string' ? inspectorIdInput : '';
    if (!/^[0-9a-f-]{36}$/i.test(inspectorId)) throw new ValidationFailed([{ field: 'inspectorId', message: 'cases.inspector_invalid' }]);
    const override = typeof overrideInput === 'string' ? overrideInput.trim() : '';
    if (override.length > REASON_MAX) throw new ValidationFailed([{ field: 'overrideReason', message: 'report.too_long', params: { max: REASON_MAX } }]);
    return this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        const facts = await this.caseFacts(m, caseId, key, true);
        if (facts.status === 'closed') throw new Conflict('cases.assign_closed');
        const [inspector]: { id: string; name: string; opd_code: string | null; public_key: Buffer }[] = await m.query(
          `SELECT id, name, opd_code, public_key FROM staff WHERE id = $1 AND active AND $2 = ANY(roles)`,
          [inspectorId, Role.Inspector],
        );
        if (!inspector) throw new ValidationFailed([{ field: 'inspectorId', message: 'cases.inspector_invalid' }]);
        const conflicts = conflictsOf({ name: inspector.name, opdCode: inspector.opd_code }, facts);
        if (conflicts.length && !override) throw new ConflictOfInterest(conflicts);
        const now = this.clock.now();
        const inserted: unknown[] = await m.query(
          `INSERT INTO case_assignments (case_id, staff_id, assigned_by, assigned_at, conflict_override)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING staff_id`,
          [caseId, inspectorId, me.id, now, conflicts.length ? this.crypto.encrypt(key, Buffer.from(override), `case:${caseId}:assignment:${inspectorId}`) : null],
        );
        if (!inserted.length) throw new Conflict('cases.already_assigned');
        await m.query(
          `INSERT INTO case_keys (case_id, staff_id, kind, sealed, granted_at, granted_by) VALUES ($1, $2, 'content', $3, $4, $5)
           ON CONFLICT (case_id, staff_id, kind) DO UPDATE SET sealed = EXCLUDED.sealed, granted_at = EXCLUDED.granted_at, granted_by = EXCLUDED.granted_by`,
          [caseId, inspectorId, this.crypto.seal(key, inspector.public_key), now, me.id],
        );
        await this.events.publish(m, new CaseAssigned({ caseId, inspectorId, assignedBy: me.id, conflictOverridden: conflicts.length > 0 }));
        return { conflicts };
      } finally {
        key.fill(0);
      }
    });
  }

  async unassign(me: StaffRef, caseId: string, inspectorId: string): Promise<void> {
    this.access.assertSupervisor(me);
    await this.db.transaction(async (m) => {
      await this.removeInspector(m, caseId, inspectorId);
      await this.events.publish(m, new CaseUnassigned({ caseId, inspectorId, unassignedBy: me.id }));
    });
  }

  /** The inspector steps back with a reason (kept as an encrypted internal note); supervisors are told. */
  async recuse(me: StaffRef, caseId: string, reasonInput: unknown): Promise<void> {
    const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
    if (!reason) throw new ValidationFailed([{ field: 'reason', message: 'cases.recusal_reason_required' }]);
    if (reason.length > REASON_MAX) throw new ValidationFailed([{ field: 'reason', message: 'report.too_long', params: { max: REASON_MAX } }]);
    await this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        const [assigned] = await m.query(`SELECT 1 FROM case_assignments WHERE case_id = $1 AND staff_id = $2`, [caseId, me.id]);
        if (!assigned) throw new Conflict('cases.not_assigned');
        await this.store.addNote(m, caseId, key, { staffId: me.id, body: `[recusal] ${reason}`, at: this.clock.now() });
      } finally {
        key.fill(0);
      }
      await this.removeInspector(m, caseId, me.id);
      await this.events.publish(m, new InspectorRecused({ caseId, inspectorId: me.id }));
    });
  }

  private async removeInspector(m: EntityManager, caseId: string, inspectorId: string): Promise<void> {
    const removed: unknown[] = await m.query(
      `WITH d AS (DELETE FROM case_assignments WHERE case_id = $1 AND staff_id = $2 RETURNING staff_id) SELECT staff_id FROM d`,
      [caseId, inspectorId],
    );
    if (!removed.length) throw new CaseNotFound();
    // The inspector's sealed content key goes with the assignment: from now on they cannot
    // decrypt this case, even with their own private key. A supervisor keeps theirs.
    await m.query(
      `DELETE FROM case_keys k WHERE k.case_id = $1 AND k.staff_id = $2 AND k.kind = 'content'
         AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.id = $2 AND 'supervisor' = ANY(s.roles))`,
      [caseId, inspectorId],
    );
  }

  private async caseFacts(m: EntityManager, caseId: string, key: Buffer, lock = false) {
    const [row]: { status: string; opd_code: string | null }[] = await m.query(
      `SELECT status, opd_code FROM cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [caseId],
    );
    if (!row) throw new CaseNotFound();
    const report = await this.store.readReport(m, caseId, key);
    return { status: row.status, opdCode: row.opd_code, reportedPersons: report.reportedPersons ?? '' };
  }
}

/** Same OPD as the one reported, or named among the reported persons (as recorded). */
export function conflictsOf(inspector: { name: string; opdCode: string | null }, facts: { opdCode: string | null; reportedPersons: string }): ConflictKind[] {
  const out: ConflictKind[] = [];
  if (inspector.opdCode && inspector.opdCode === facts.opdCode) out.push('same_opd');
  const norm = (s: string) => s.toLocaleLowerCase('id').replace(/\s+/g, ' ').trim();
  const name = norm(inspector.name);
  if (name.length >= 3 && norm(facts.reportedPersons).includes(name)) out.push('named_in_report');
  return out;
}
