import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CryptoService } from '../platform/crypto';
import { EventPublisher } from '../platform/events';
import { Conflict, ValidationFailed } from '../platform/http/domain-error';
import { Role, StaffDirectory } from '../staff';
import { CaseAssignmentsRepository } from './case-assignments.repository';
import { CasesRepository } from './cases.repository';
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
    private readonly assignments: CaseAssignmentsRepository,
    private readonly cases: CasesRepository,
    private readonly directory: StaffDirectory,
  ) {}

  /** Active inspectors, for filters and pickers. */
  async inspectors(): Promise<{ id: string; name: string }[]> {
    return (await this.directory.activeInspectors()).map(({ id, name }) => ({ id, name }));
  }

  /** Active inspectors, fewest open cases first, with conflict-of-interest flags for this case and the suggestion. */
  async assignable(me: StaffRef, caseId: string): Promise<AssignableInspector[]> {
    this.access.assertSupervisor(me);
    const m = this.db.manager;
    const key = await this.access.contentKey(m, me, caseId);
    try {
      const facts = await this.caseFacts(m, caseId, key);
      const inspectors = await this.directory.activeInspectors(m);
      const load = await this.assignments.workload(
        m,
        caseId,
        inspectors.map((i) => i.id),
      );
      // Fewest open cases first; the directory's order by name settles ties (the sort is stable).
      const list = inspectors
        .map((i) => ({
          ...i,
          openCases: load.get(i.id)?.openCases ?? 0,
          assigned: load.get(i.id)?.assigned ?? false,
          conflicts: conflictsOf(i, facts),
          suggested: false,
        }))
        .sort((a, b) => a.openCases - b.openCases);
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
        const inspector = await this.directory.activeMemberWithRole(inspectorId, Role.Inspector, m);
        if (!inspector) throw new ValidationFailed([{ field: 'inspectorId', message: 'cases.inspector_invalid' }]);
        if (override && overrideFor.toLowerCase() !== inspectorId.toLowerCase()) {
          const written = UUID.test(overrideFor) ? (await this.directory.namesOf([overrideFor], m)).get(overrideFor) : undefined;
          throw new ValidationFailed([
            written
              ? { field: 'overrideReason', message: 'cases.override_for_other', params: { written, chosen: inspector.name } }
              : { field: 'overrideReason', message: 'cases.override_for_unknown', params: { chosen: inspector.name } },
          ]);
        }
        const conflicts = conflictsOf({ id: inspector.id, name: inspector.name, opdCode: inspector.opdCode }, facts);
        if (conflicts.length && !override) throw new ConflictOfInterest(inspector.name, conflicts);
        const now = this.clock.now();
        const assigned = await this.assignments.assign(m, {
          caseId,
          staffId: inspectorId,
          by: me.id,
          at: now,
          conflictOverride: conflicts.length ? this.crypto.encrypt(key, Buffer.from(override), `case:${caseId}:assignment:${inspectorId}`) : null,
        });
        if (!assigned) throw new Conflict('cases.already_assigned');
        await this.history.record(m, {
          caseId,
          inspectorId,
          action: 'assigned',
          actorId: me.id,
          at: now,
          conflicts,
          sealReason: conflicts.length ? (id) => this.store.sealText(key, caseId, `assignment-history:${id}`, override) : undefined,
        });
        await this.assignments.grantContentKey(m, { caseId, staffId: inspectorId, sealed: this.crypto.seal(key, inspector.publicKey), at: now, by: me.id });
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
        if (!(await this.assignments.isAssigned(m, caseId, me.id))) throw new Conflict('cases.not_assigned');
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
    if (!(await this.assignments.unassign(m, caseId, inspectorId))) throw new CaseNotFound();
    // The inspector's sealed content key goes with the assignment: from now on they cannot
    // decrypt this case, even with their own private key. A supervisor keeps theirs.
    if (!(await this.directory.holdsRole(inspectorId, Role.Supervisor, m))) await this.assignments.dropContentKey(m, caseId, inspectorId);
  }

  private async caseFacts(m: EntityManager, caseId: string, key: Buffer, lock = false): Promise<CaseFacts & { status: string }> {
    const row = await this.cases.statusAndOpd(m, caseId, lock);
    if (!row) throw new CaseNotFound();
    const report = await this.store.readReport(m, caseId, key);
    return { status: row.status, opdCode: row.opdCode, reportedPersons: report.reportedPersons ?? '', recusedIds: await this.history.recusedFrom(m, caseId) };
  }
}
