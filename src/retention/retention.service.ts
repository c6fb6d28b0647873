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
  ) {}

  async policies(me: StaffRef): Promise<RetentionPolicy[]> {
    assertRole(me, Role.Admin);
    const rows: { outcome: Outcome; years: number; updated_at: Date }[] = await this.db.query(`SELECT outcome, years, updated_at FROM retention_policies`);
    return OUTCOMES.map((o) => rows.find((r) => r.outcome === o)!).map((r) => ({ outcome: r.outcome, years: r.years, updatedAt: r.updated_at }));
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
      const [old]: { years: number }[] = await m.query(`SELECT years FROM retention_policies WHERE outcome = $1 FOR UPDATE`, [outcome]);
      const now = this.clock.now();
      await m.query(`UPDATE retention_policies SET years = $2, updated_at = $3, updated_by = $4 WHERE outcome = $1`, [outcome, years, now, me.id]);
      await this.events.publish(m, new RetentionPolicyChanged({ outcome, years, previousYears: old.years, actorId: me.id }));
      return { outcome: outcome as Outcome, years, updatedAt: now };
    });
  }

  async caseRetention(me: StaffRef, caseId: string): Promise<CaseRetention> {
    assertRole(me, Role.Supervisor);
    const row = await this.cases.find(caseId);
    if (!row) throw new CaseNotFound();
    const stored: { extended_by: string; previous_until: Date; new_until: Date; reason: Buffer | null; at: Date; id: string }[] = await this.db.query(
      `SELECT id, extended_by, previous_until, new_until, reason, at FROM retention_extensions WHERE case_id = $1 ORDER BY at`,
      [caseId],
    );
    const names = await this.staff.namesOf(stored.map((r) => r.extended_by));
    const rows = stored.map((r) => ({ ...r, name: names.get(r.extended_by) ?? '' }));
    let extensions: CaseRetention['extensions'] = rows.map((r) => ({ by: r.name, previousUntil: r.previous_until, newUntil: r.new_until, reason: null, at: r.at }));
    if (!row.purgedAt && rows.length) {
      const key = await this.access.contentKey(this.db.manager, me, caseId);
      try {
        extensions = rows.map((r) => ({
          by: r.name,
          previousUntil: r.previous_until,
          newUntil: r.new_until,
          at: r.at,
          reason: r.reason ? this.store.openText(key, caseId, `retention-extension:${r.id}`, r.reason) : null,
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
        const [{ new_until }]: { new_until: Date }[] = await m.query(`SELECT $1::timestamptz + make_interval(years => $2::int) AS new_until`, [row.retainUntil, years]);
        const [{ id }]: { id: string }[] = await m.query(`INSERT INTO retention_extensions (case_id, extended_by, previous_until, new_until, at) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
          caseId,
          me.id,
          row.retainUntil,
          new_until,
          at,
        ]);
        await m.query(`UPDATE retention_extensions SET reason = $2 WHERE id = $1`, [id, this.store.sealText(key, caseId, `retention-extension:${id}`, reason)]);
        await this.cases.setRetainUntil(m, caseId, new_until);
        await this.events.publish(m, new RetentionExtended({ caseId, extendedBy: me.id, previousUntil: row.retainUntil.toISOString(), newUntil: new_until.toISOString() }));
        return { retainUntil: new_until };
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
