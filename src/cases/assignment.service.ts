import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CryptoService } from '../platform/crypto';
import { EventPublisher } from '../platform/events';
import { Conflict, ValidationFailed } from '../platform/http/domain-error';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { AssignmentHistoryRepository, AssignmentHistoryRow } from './assignment/assignment-history.repository';
import { conflictMessage } from './assignment/assignment.i18n';
import { AssignmentPanel, assignmentPanel, SentForm } from './assignment/assignment-panel';
import { CaseFacts, ConflictKind, conflictsOf, suggestInspector } from './assignment/conflicts';
import { CaseAccess } from './case-access.service';
import { CaseStore } from './case-store';
import { CaseNotFound } from './cases.errors';
import { CaseAssigned, CaseUnassigned, InspectorRecused } from './events/case-events';
import { REASON_MAX } from './workflow/case-workflow';

export type { ConflictKind } from './assignment/conflicts';

export interface AssignableInspector {
  id: string;
  name: string;
  opdCode: string | null;
  openCases: number;
  assigned: boolean;
  conflicts: ConflictKind[];
  /** The one to preselect: fewest open cases, no conflict (at most one per case; none when all conflict). */
  suggested: boolean;
}

/** One step in who worked the case, for supervisors: the history's row with its reason decrypted. */
export interface AssignmentStep extends Omit<AssignmentHistoryRow, 'id' | 'reason'> {
  reason: string | null;
}

/** The chosen inspector has a conflict and no reason was given for them; the message names both in words. */
export class ConflictOfInterest extends Conflict {
  constructor(inspectorName: string, conflicts: readonly ConflictKind[]) {
    super(conflictMessage(conflicts), { field: 'overrideReason', params: { name: inspectorName } });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function reasonText(input: unknown, field: string, required: string | null): string {
  const reason = typeof input === 'string' ? input.replace(/\r\n/g, '\n').trim() : '';
  if (!reason && required) throw new ValidationFailed([{ field, message: required }]);
  if (reason.length > REASON_MAX) throw new ValidationFailed([{ field, message: 'report.too_long', params: { max: REASON_MAX } }]);
  return reason;
}

/**
 * Who works a case. Assigning re-seals the case content key to the inspector from the
 * supervisor's session (DESIGN.md §4); unassigning or recusal deletes that sealed key, so the
 * inspector can no longer decrypt anything of the case. Every step is kept in the assignment
 * history with its reason (encrypted: reasons are case content).
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
    private readonly history: AssignmentHistoryRepository,
  ) {}

  /** Active inspectors, for filters and pickers. */
  async inspectors(): Promise<{ id: string; name: string }[]> {
    return this.db.query(`SELECT id, name FROM staff WHERE active AND 'inspector' = ANY(roles) ORDER BY name`);
  }

  /** Active inspectors, fewest open cases first, with conflict-of-interest flags for this case and the suggestion. */
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
      const list = rows.map((r) => ({
        id: r.id,
        name: r.name,
        opdCode: r.opd_code,
        openCases: Number(r.open_cases),
        assigned: r.assigned,
        conflicts: conflictsOf({ id: r.id, name: r.name, opdCode: r.opd_code }, facts),
        suggested: false,
      }));
      const suggestion = suggestInspector(list);
      return list.map((i) => ({ ...i, suggested: i.id === suggestion?.id }));
    } finally {
      key.fill(0);
    }
  }

  /**
   * Assigns exactly the inspector chosen. A conflict of interest needs a reason; `overrideFor`
   * (always sent by the page, optional in the API) names the inspector the reason was written
   * for, and a reason written for someone else is refused rather than moved to the chosen one.
   */
  async assign(me: StaffRef, caseId: string, inspectorIdInput: unknown, overrideInput?: unknown, overrideForInput?: unknown): Promise<{ conflicts: ConflictKind[] }> {
    this.access.assertSupervisor(me);
    const inspectorId = typeof inspectorIdInput === 'string' ? inspectorIdInput : '';
    if (!UUID.test(inspectorId)) throw new ValidationFailed([{ field: 'inspectorId', message: 'cases.inspector_invalid' }]);
    const override = reasonText(overrideInput, 'overrideReason', null);
    const overrideFor = overrideForInput === undefined ? inspectorId : typeof overrideForInput === 'string' ? overrideForInput : '';
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
        if (override && overrideFor.toLowerCase() !== inspectorId.toLowerCase()) {
          const written = UUID.test(overrideFor) ? (await m.query(`SELECT name FROM staff WHERE id = $1`, [overrideFor]))[0]?.name : undefined;
          throw new ValidationFailed([
            written
              ? { field: 'overrideReason', message: 'cases.override_for_other', params: { written, chosen: inspector.name } }
              : { field: 'overrideReason', message: 'cases.override_for_unknown', params: { chosen: inspector.name } },
          ]);
        }
        const conflicts = conflictsOf({ id: inspector.id, name: inspector.name, opdCode: inspector.opd_code }, facts);
        if (conflicts.length && !override) throw new ConflictOfInterest(inspector.name, conflicts);
        const now = this.clock.now();
        const inserted: unknown[] = await m.query(
          `INSERT INTO case_assignments (case_id, staff_id, assigned_by, assigned_at, conflict_override)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING staff_id`,
          [caseId, inspectorId, me.id, now, conflicts.length ? this.crypto.encrypt(key, Buffer.from(override), `case:${caseId}:assignment:${inspectorId}`) : null],
        );
        if (!inserted.length) throw new Conflict('cases.already_assigned');
        await this.history.record(m, {
          caseId,
          inspectorId,
          action: 'assigned',
          actorId: me.id,
          at: now,
          conflicts,
          sealReason: conflicts.length ? (id) => this.store.sealText(key, caseId, `assignment-history:${id}`, override) : undefined,
        });
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

  /**
   * Takes an inspector off the case; the reason is kept encrypted in the assignment history.
   * `field` names the reason in errors: the page's box is `unassignReason`, beside other reasons.
   */
  async unassign(me: StaffRef, caseId: string, inspectorId: string, reasonInput: unknown, field = 'reason'): Promise<void> {
    this.access.assertSupervisor(me);
    const reason = reasonText(reasonInput, field, 'cases.unassign_reason_required');
    if (!UUID.test(inspectorId)) throw new CaseNotFound();
    await this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        await this.removeInspector(m, caseId, inspectorId);
        await this.history.record(m, {
          caseId,
          inspectorId,
          action: 'unassigned',
          actorId: me.id,
          at: this.clock.now(),
          sealReason: (id) => this.store.sealText(key, caseId, `assignment-history:${id}`, reason),
        });
      } finally {
        key.fill(0);
      }
      await this.events.publish(m, new CaseUnassigned({ caseId, inspectorId, unassignedBy: me.id }));
    });
  }

  /** The inspector steps back with a reason (kept as an encrypted internal note); supervisors are told. */
  async recuse(me: StaffRef, caseId: string, reasonInput: unknown): Promise<void> {
    const reason = reasonText(reasonInput, 'reason', 'cases.recusal_reason_required');
    await this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        const [assigned] = await m.query(`SELECT 1 FROM case_assignments WHERE case_id = $1 AND staff_id = $2`, [caseId, me.id]);
        if (!assigned) throw new Conflict('cases.not_assigned');
        const at = this.clock.now();
        await this.store.addNote(m, caseId, key, { staffId: me.id, body: `[recusal] ${reason}`, at });
        await this.history.record(m, {
          caseId,
          inspectorId: me.id,
          action: 'recused',
          actorId: me.id,
          at,
          sealReason: (id) => this.store.sealText(key, caseId, `assignment-history:${id}`, reason),
        });
      } finally {
        key.fill(0);
      }
      await this.removeInspector(m, caseId, me.id);
      await this.events.publish(m, new InspectorRecused({ caseId, inspectorId: me.id }));
    });
  }

  /** Who was put on the case and taken off it, with the reasons; supervisors only. */
  async steps(me: StaffRef, caseId: string): Promise<AssignmentStep[]> {
    this.access.assertSupervisor(me);
    const m = this.db.manager;
    const key = await this.access.contentKey(m, me, caseId);
    try {
      const rows = await this.history.forCase(m, caseId);
      return rows.map(({ id, reason, ...r }) => ({ ...r, reason: reason ? this.store.openText(key, caseId, `assignment-history:${id}`, reason) : null }));
    } finally {
      key.fill(0);
    }
  }

  /** The case page's assignment box for a supervisor, keeping what was sent when shown after an error. */
  async panel(me: StaffRef, c: { id: string; status: string; assignees: { id: string; name: string }[] }, sent: SentForm): Promise<AssignmentPanel | null> {
    const open = c.status !== 'closed';
    return assignmentPanel({
      caseId: c.id,
      open,
      assignees: c.assignees,
      candidates: open ? await this.assignable(me, c.id) : [],
      steps: await this.steps(me, c.id),
      form: sent.form,
      errors: sent.errors,
    });
  }

  private async removeInspector(m: EntityManager, caseId: string, inspectorId: string): Promise<void> {
    const removed: unknown[] = await m.query(`WITH d AS (DELETE FROM case_assignments WHERE case_id = $1 AND staff_id = $2 RETURNING staff_id) SELECT staff_id FROM d`, [caseId, inspectorId]);
    if (!removed.length) throw new CaseNotFound();
    // The inspector's sealed content key goes with the assignment: from now on they cannot
    // decrypt this case, even with their own private key. A supervisor keeps theirs.
    await m.query(
      `DELETE FROM case_keys k WHERE k.case_id = $1 AND k.staff_id = $2 AND k.kind = 'content'
         AND NOT EXISTS (SELECT 1 FROM staff s WHERE s.id = $2 AND 'supervisor' = ANY(s.roles))`,
      [caseId, inspectorId],
    );
  }

  private async caseFacts(m: EntityManager, caseId: string, key: Buffer, lock = false): Promise<CaseFacts & { status: string }> {
    const [row]: { status: string; opd_code: string | null }[] = await m.query(`SELECT status, opd_code FROM cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [caseId]);
    if (!row) throw new CaseNotFound();
    const report = await this.store.readReport(m, caseId, key);
    return { status: row.status, opdCode: row.opd_code, reportedPersons: report.reportedPersons ?? '', recusedIds: await this.history.recusedFrom(m, caseId) };
  }
}
