import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { EventPublisher } from '../../platform/events';
import { Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed } from '../../platform/http/domain-error';
import { hasRole, StaffRef } from '../../staff';
import { Role } from '../../staff';
import { CaseNotFound } from '../cases.errors';
import { LabelsRepository } from './labels.repository';
import { LabelAdded, LabelDefined, LabelRemoved } from '../events/case-events';

export const LABEL_NAME_MAX = 40;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CaseLabel {
  id: string;
  name: string;
  /** `#rrggbb`, lower case. */
  colour: string;
}

/**
 * Labels the inspectorate sorts its cases with (issue 16). Names are metadata the supervisors
 * chose, stored and sent in events in clear; they never hold reporter data. Supervisors define
 * labels; supervisors and the inspectors assigned to a case put them on it and take them off.
 */
@Injectable()
export class LabelsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly labels: LabelsRepository,
  ) {}

  /** Every label, by name; staff who work cases see them to read the chips and filter. */
  async list(me: StaffRef): Promise<CaseLabel[]> {
    if (!hasRole(me, Role.Supervisor, Role.Inspector)) throw new Forbidden();
    return this.labels.all();
  }

  async create(me: StaffRef, input: { name?: unknown; colour?: unknown }): Promise<CaseLabel> {
    this.assertSupervisor(me);
    const errors = new FieldErrors();
    const name = labelName(input.name, errors);
    const colour = labelColour(input.colour, errors);
    errors.throwIfAny();
    return this.db.transaction(async (m) => {
      await this.assertNameFree(m, name, null);
      const label = { id: randomUUID(), name, colour };
      await this.labels.insert(m, label, me.id, this.clock.now());
      await this.events.publish(m, new LabelDefined({ labelId: label.id, label: name, colour, action: 'created', actorId: me.id }));
      return label;
    });
  }

  async rename(me: StaffRef, labelId: string, input: { name?: unknown }): Promise<CaseLabel> {
    this.assertSupervisor(me);
    const errors = new FieldErrors();
    const name = labelName(input.name, errors);
    errors.throwIfAny();
    return this.db.transaction(async (m) => {
      const label = await this.find(m, labelId);
      if (!label) throw new NotFound('labels.not_found');
      await this.assertNameFree(m, name, labelId);
      await this.labels.rename(m, labelId, name);
      await this.events.publish(m, new LabelDefined({ labelId, label: name, colour: label.colour, action: 'renamed', actorId: me.id }));
      return { ...label, name };
    });
  }

  /** Deleting a label takes it off every case (the assignments cascade). */
  async remove(me: StaffRef, labelId: string): Promise<void> {
    this.assertSupervisor(me);
    await this.db.transaction(async (m) => {
      const label = await this.find(m, labelId);
      if (!label) throw new NotFound('labels.not_found');
      await this.labels.delete(m, labelId);
      await this.events.publish(m, new LabelDefined({ labelId, label: label.name, colour: label.colour, action: 'deleted', actorId: me.id }));
    });
  }

  /** The labels on one case; the caller has already checked the member may see the case. */
  async ofCase(caseId: string): Promise<CaseLabel[]> {
    return this.labels.ofCase(caseId);
  }

  async addToCase(me: StaffRef, caseId: string, labelInput: unknown): Promise<void> {
    await this.db.transaction(async (m) => {
      const label = await this.caseAndLabel(m, me, caseId, labelInput);
      if (!(await this.labels.addToCase(m, caseId, label.id))) throw new Conflict('labels.already_on_case');
      await this.events.publish(m, new LabelAdded({ caseId, labelId: label.id, label: label.name, actorId: me.id }));
    });
  }

  async removeFromCase(me: StaffRef, caseId: string, labelInput: unknown): Promise<void> {
    await this.db.transaction(async (m) => {
      const label = await this.caseAndLabel(m, me, caseId, labelInput);
      if (!(await this.labels.removeFromCase(m, caseId, label.id))) throw new ValidationFailed([{ field: 'labelId', message: 'labels.not_on_case' }]);
      await this.events.publish(m, new LabelRemoved({ caseId, labelId: label.id, label: label.name, actorId: me.id }));
    });
  }

  /**
   * Checks who may label this case (a supervisor, or an inspector assigned to it) and that the
   * label exists. Locks the case row so two changes to its labels queue up.
   */
  private async caseAndLabel(m: EntityManager, me: StaffRef, caseId: string, labelInput: unknown): Promise<CaseLabel> {
    const supervisor = hasRole(me, Role.Supervisor);
    if (!supervisor && !hasRole(me, Role.Inspector)) throw new Forbidden();
    const found = await this.labels.lockCase(m, caseId, me.id);
    // An inspector is told no more than "not yours", whether or not the case exists.
    if (!supervisor && !found?.assigned) throw new Forbidden();
    if (!found) throw new CaseNotFound();
    const labelId = typeof labelInput === 'string' ? labelInput.trim() : '';
    const label = UUID.test(labelId) ? await this.find(m, labelId) : null;
    if (!label) throw new ValidationFailed([{ field: 'labelId', message: 'labels.unknown' }]);
    return label;
  }

  private assertSupervisor(me: StaffRef): void {
    if (!hasRole(me, Role.Supervisor)) throw new Forbidden();
  }

  private async find(m: EntityManager, labelId: string): Promise<CaseLabel | null> {
    if (!UUID.test(labelId)) return null;
    return this.labels.lock(m, labelId);
  }

  /** Names are unique whatever their case; the unique index settles a race between two supervisors. */
  private async assertNameFree(m: EntityManager, name: string, exceptId: string | null): Promise<void> {
    if (await this.labels.nameTaken(m, name, exceptId)) throw new ValidationFailed([{ field: 'name', message: 'labels.name_taken' }]);
  }
}

function labelName(input: unknown, errors: FieldErrors): string {
  const name = typeof input === 'string' ? input.trim() : '';
  if (name === '') errors.add('name', 'labels.name_required');
  else if (/[\r\n]/.test(name)) errors.add('name', 'labels.name_one_line');
  else if ([...name].length > LABEL_NAME_MAX) errors.add('name', 'labels.name_too_long', { max: LABEL_NAME_MAX });
  return name;
}

function labelColour(input: unknown, errors: FieldErrors): string {
  const colour = typeof input === 'string' ? input.trim().toLowerCase() : '';
  if (!/^#[0-9a-f]{6}$/.test(colour)) errors.add('colour', 'labels.colour_invalid');
  return colour;
}
