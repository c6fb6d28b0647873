import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseAccess } from '../cases';
import { CaseRetentionRepository, CaseStore } from '../cases';
import { CaseNotFound } from '../cases';
import { OUTCOMES, Outcome } from '../cases';
import { Clock } from '../platform/clock/clock';
import { EventPublisher } from '../platform/events';
import { Conflict, FieldErrors, Forbidden, ValidationFailed } from '../platform/http/domain-error';
import { Role, StaffDirectory } from '../staff';
import type { StaffRef } from '../staff';
import { RetentionExtended, RetentionPolicyChanged } from './events/retention-events';
import './retention.i18n';
import { RetentionPoliciesRepository } from './retention-policies.repository';
import { RetentionExtensionsRepository } from './retention-extensions.repository';

export const POLICY_YEARS = { min: 1, max: 50 } as const;
export const EXTENSION_YEARS = { min: 1, max: 10 } as const;
const REASON_MAX = 2000;

export interface RetentionPolicy {
  outcome: Outcome;
  years: number;
  updatedAt: Date;
}

export interface CaseRetention {
  caseId: string;
  number: string;
  status: string;
  outcome: string | null;
  retainUntil: Date | null;
  purgedAt: Date | null;
  extensions: { by: string; previousUntil: Date; newUntil: Date; reason: string | null; at: Date }[];
}

/**
 * How long closed cases are kept (issue 5): policies per outcome for admins, the retention date
 * a case gets when it is closed, and extensions by supervisors, with a reason.
 */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CaseAccess,
    private readonly store: CaseStore,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly cases: CaseRetentionRepository,
    private readonly staff: StaffDirectory,
    private readonly policyRows: RetentionPoliciesRepository,
    private readonly extensionRows: RetentionExtensionsRepository,
  ) {}

  async policies(me: StaffRef): Promise<RetentionPolicy[]> {
    assertRole(me, Role.Admin);
    const rows = await this.policyRows.all();
    return OUTCOMES.map((o) => rows.find((r) => r.outcome === o)!);
  }

  /** A new number of years for one outcome; applies to cases closed from now on. */
  async setPolicy(me: StaffRef, outcomeInput: unknown, yearsInput: unknown): Promise<RetentionPolicy> {
    assertRole(me, Role.Admin);
    const outcome = String(outcomeInput ?? '');
    if (!(OUTCOMES as readonly string[]).includes(outcome)) throw new ValidationFailed([{ field: 'outcome', message: 'retention.outcome_invalid' }]);
    const years = wholeNumber(yearsInput);
    if (years === null || years < POLICY_YEARS.min || years > POLICY_YEARS.max) {
      throw new ValidationFailed([{ field: 'years', message: 'retention.years_invalid', params: POLICY_YEARS }]);
    }
    return this.db.transaction(async (m) => {
      const previousYears = (await this.policyRows.lockYears(m, outcome))!;
      const now = this.clock.now();
      await this.policyRows.setYears(m, outcome, years, now, me.id);
      await this.events.publish(m, new RetentionPolicyChanged({ outcome, years, previousYears, actorId: me.id }));
      return { outcome: outcome as Outcome, years, updatedAt: now };
    });
  }

  async caseRetention(me: StaffRef, caseId: string): Promise<CaseRetention> {
    assertRole(me, Role.Supervisor);
    const row = await this.cases.find(caseId);
    if (!row) throw new CaseNotFound();
    const stored = await this.extensionRows.forCase(caseId);
    const names = await this.staff.namesOf(stored.map((r) => r.extendedBy));
    const rows = stored.map((r) => ({ ...r, name: names.get(r.extendedBy) ?? '' }));
    let extensions: CaseRetention['extensions'] = rows.map((r) => ({ by: r.name, previousUntil: r.previousUntil, newUntil: r.newUntil, reason: null, at: r.at }));
    if (!row.purgedAt && rows.length) {
      const key = await this.access.contentKey(this.db.manager, me, caseId);
      try {
        extensions = rows.map((r) => ({
          by: r.name,
          previousUntil: r.previousUntil,
          newUntil: r.newUntil,
          at: r.at,
          reason: r.reasonSealed ? this.store.openText(key, caseId, `retention-extension:${r.id}`, r.reasonSealed) : null,
        }));
      } finally {
        key.fill(0);
      }
    }
    return { caseId: row.id, number: row.number, status: row.status, outcome: row.outcome, retainUntil: row.retainUntil, purgedAt: row.purgedAt, extensions };
  }

  /** A supervisor keeps a closed case longer, with a reason (stored encrypted with the case). */
  async extend(me: StaffRef, caseId: string, yearsInput: unknown, reasonInput: unknown): Promise<{ retainUntil: Date }> {
    assertRole(me, Role.Supervisor);
    const years = wholeNumber(yearsInput);
    const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
    const errors = new FieldErrors();
    if (years === null || years < EXTENSION_YEARS.min || years > EXTENSION_YEARS.max) errors.add('years', 'retention.extend_years_invalid', EXTENSION_YEARS);
    if (reason.length < 5) errors.add('reason', 'retention.reason_required');
    if (reason.length > REASON_MAX) errors.add('reason', 'retention.reason_too_long', { max: REASON_MAX });
    errors.throwIfAny();
    return this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        const row = await this.cases.lockForExtension(m, caseId);
        if (!row) throw new CaseNotFound();
        if (row.purgedAt || !row.retainUntil) throw new Conflict('retention.not_closed');
        const at = this.clock.now();
        const newUntil = await this.extensionRows.yearsAfter(m, row.retainUntil, years!);
        const id = await this.extensionRows.insert(m, { caseId, extendedBy: me.id, previousUntil: row.retainUntil, newUntil, at });
        await this.extensionRows.setReason(m, id, this.store.sealText(key, caseId, `retention-extension:${id}`, reason));
        await this.cases.setRetainUntil(m, caseId, newUntil);
        await this.events.publish(m, new RetentionExtended({ caseId, extendedBy: me.id, previousUntil: row.retainUntil.toISOString(), newUntil: newUntil.toISOString() }));
        return { retainUntil: newUntil };
      } finally {
        key.fill(0);
      }
    });
  }
}

function assertRole(me: StaffRef, role: Role): void {
  if (!me.roles.includes(role)) throw new Forbidden();
}

function wholeNumber(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,4}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
}
