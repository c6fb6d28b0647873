import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseAccess } from '../cases';
import { CaseStore } from '../cases';
import { CaseNotFound } from '../cases';
import { OUTCOMES, Outcome } from '../cases';
import { Clock } from '../platform/clock/clock';
import { EventPublisher } from '../platform/events';
import { Conflict, Forbidden, ValidationFailed } from '../platform/http/domain-error';
import { Role } from '../staff';
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
    const [row]: { id: string; number: string; status: string; outcome: string | null; retain_until: Date | null; purged_at: Date | null }[] = await this.db.query(
      `SELECT id, number, status, outcome, retain_until, purged_at FROM cases WHERE id = $1`,
      [caseId],
    );
    if (!row) throw new CaseNotFound();
    const rows: { name: string; previous_until: Date; new_until: Date; reason: Buffer | null; at: Date; id: string }[] = await this.db.query(
      `SELECT e.id, s.name, e.previous_until, e.new_until, e.reason, e.at FROM retention_extensions e JOIN staff s ON s.id = e.extended_by
        WHERE e.case_id = $1 ORDER BY e.at`,
      [caseId],
    );
    let extensions: CaseRetention['extensions'] = rows.map((r) => ({ by: r.name, previousUntil: r.previous_until, newUntil: r.new_until, reason: null, at: r.at }));
    if (!row.purged_at && rows.length) {
      const key = await this.access.contentKey(this.db.manager, me, caseId);
      try {
        extensions = rows.map((r) => ({ by: r.name, previousUntil: r.previous_until, newUntil: r.new_until, at: r.at, reason: r.reason ? this.store.openText(key, caseId, `retention-extension:${r.id}`, r.reason) : null }));
      } finally {
        key.fill(0);
      }
    }
    return { caseId: row.id, number: row.number, status: row.status, outcome: row.outcome, retainUntil: row.retain_until, purgedAt: row.purged_at, extensions };
  }

  /** A supervisor keeps a closed case longer, with a reason (stored encrypted with the case). */
  async extend(me: StaffRef, caseId: string, yearsInput: unknown, reasonInput: unknown): Promise<{ retainUntil: Date }> {
    assertRole(me, Role.Supervisor);
    const years = wholeNumber(yearsInput);
    const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
    const errors = [];
    if (years === null || years < EXTENSION_YEARS.min || years > EXTENSION_YEARS.max) errors.push({ field: 'years', message: 'retention.extend_years_invalid', params: EXTENSION_YEARS });
    if (reason.length < 5) errors.push({ field: 'reason', message: 'retention.reason_required' });
    if (reason.length > REASON_MAX) errors.push({ field: 'reason', message: 'retention.reason_too_long', params: { max: REASON_MAX } });
    if (errors.length) throw new ValidationFailed(errors);
    return this.db.transaction(async (m) => {
      const key = await this.access.contentKey(m, me, caseId);
      try {
        const [row]: { retain_until: Date | null; purged_at: Date | null }[] = await m.query(`SELECT retain_until, purged_at FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
        if (!row) throw new CaseNotFound();
        if (row.purged_at || !row.retain_until) throw new Conflict('retention.not_closed');
        const at = this.clock.now();
        const [{ new_until }]: { new_until: Date }[] = await m.query(`SELECT $1::timestamptz + make_interval(years => $2::int) AS new_until`, [row.retain_until, years]);
        const [{ id }]: { id: string }[] = await m.query(
          `INSERT INTO retention_extensions (case_id, extended_by, previous_until, new_until, at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [caseId, me.id, row.retain_until, new_until, at],
        );
        await m.query(`UPDATE retention_extensions SET reason = $2 WHERE id = $1`, [id, this.store.sealText(key, caseId, `retention-extension:${id}`, reason)]);
        await m.query(`UPDATE cases SET retain_until = $2, retention_noticed_for = NULL WHERE id = $1`, [caseId, new_until]);
        await this.events.publish(m, new RetentionExtended({ caseId, extendedBy: me.id, previousUntil: row.retain_until.toISOString(), newUntil: new_until.toISOString() }));
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
