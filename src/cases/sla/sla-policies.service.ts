import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CategoryNotFound } from '../../catalog';
import { Clock } from '../../platform/clock/clock';
import { EventPublisher } from '../../platform/events';
import { FieldErrors, Forbidden } from '../../platform/http/domain-error';
import { Role } from '../../staff';
import { hasRole, type StaffRef } from '../../staff';
import { SlaPolicyChanged } from './events/sla-rules-events';
import { DEFAULT_POLICY, POLICY_LIMITS, SlaPolicy } from './sla-policy';
import { SlaService } from './sla.service';
import './sla-admin.i18n';

/** A category's policy as admins see it: the effective days, and whether they are the default. */
export interface SlaPolicyView {
  categoryCode: string;
  nameId: string;
  nameEn: string;
  active: boolean;
  policy: SlaPolicy;
  isDefault: boolean;
  updatedAt: Date | null;
}

/** What an admin typed: text from a form, or a JSON number turned into text. */
export type SlaPolicyInput = { [K in keyof SlaPolicy]: string };

/** The policy fields: record key, form and API field, and the unit its days count in. */
export const POLICY_FIELDS = [
  { key: 'verificationDays', field: 'verification_days', unit: 'working' },
  { key: 'complaintDays', field: 'complaint_days', unit: 'working' },
  { key: 'examinationDays', field: 'examination_days', unit: 'working' },
  { key: 'feedbackDays', field: 'feedback_days', unit: 'calendar' },
] as const;

/**
 * Per-category SLA overrides (DESIGN.md §6). A change applies to deadlines started after it:
 * running ones keep the due time they were given, so a case's deadline never moves under the
 * inspector's feet. After a change SlaService drops its cached policies, so this process uses
 * the new one for the next deadline (other processes within its cache time).
 */
@Injectable()
export class SlaPoliciesService {
  private readonly log = new Logger(SlaPoliciesService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly events: EventPublisher,
    private readonly sla: SlaService,
  ) {}

  /** Every category, active or not: an inactive one may still have running cases. */
  async all(actor: StaffRef): Promise<SlaPolicyView[]> {
    assertAdmin(actor);
    const rows: PolicyRow[] = await this.db.query(`SELECT ${POLICY_COLUMNS} FROM categories c LEFT JOIN sla_policies p ON p.category_code = c.code ORDER BY c.sort_order, c.code`);
    return rows.map(toView);
  }

  async get(actor: StaffRef, categoryCode: string): Promise<SlaPolicyView> {
    assertAdmin(actor);
    return this.read(this.db.manager, categoryCode);
  }

  /** Sets all four lengths at once: a policy is only meaningful whole. */
  async set(actor: StaffRef, categoryCode: string, input: SlaPolicyInput): Promise<SlaPolicyView> {
    assertAdmin(actor);
    const policy = parsePolicy(input);
    const view = await this.db.transaction(async (m) => {
      await this.lockCategory(m, categoryCode);
      await m.query(
        `INSERT INTO sla_policies (category_code, verification_days, complaint_days, examination_days, feedback_days, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (category_code) DO UPDATE SET verification_days = EXCLUDED.verification_days, complaint_days = EXCLUDED.complaint_days,
           examination_days = EXCLUDED.examination_days, feedback_days = EXCLUDED.feedback_days, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [categoryCode, policy.verificationDays, policy.complaintDays, policy.examinationDays, policy.feedbackDays, this.clock.now(), actor.id],
      );
      await this.publish(m, actor, categoryCode, 'set', policy);
      return this.read(m, categoryCode);
    });
    this.sla.forgetCachedRules();
    return view;
  }

  /** Back to the default policy; nothing to do when the category has no override. */
  async reset(actor: StaffRef, categoryCode: string): Promise<SlaPolicyView> {
    assertAdmin(actor);
    const view = await this.db.transaction(async (m) => {
      await this.lockCategory(m, categoryCode);
      // Through a CTE: TypeORM returns [rows, count] for a bare DELETE … RETURNING.
      const removed: unknown[] = await m.query(`WITH d AS (DELETE FROM sla_policies WHERE category_code = $1 RETURNING category_code) SELECT * FROM d`, [categoryCode]);
      if (removed.length) await this.publish(m, actor, categoryCode, 'reset', DEFAULT_POLICY);
      return this.read(m, categoryCode);
    });
    this.sla.forgetCachedRules();
    return view;
  }

  /** The category must exist (404, not a failed foreign key) and stay while its policy changes. */
  private async lockCategory(m: EntityManager, categoryCode: string): Promise<void> {
    const [row] = await m.query(`SELECT code FROM categories WHERE code = $1 FOR KEY SHARE`, [categoryCode]);
    if (!row) throw new CategoryNotFound();
  }

  private async read(m: EntityManager, categoryCode: string): Promise<SlaPolicyView> {
    const [row]: PolicyRow[] = await m.query(`SELECT ${POLICY_COLUMNS} FROM categories c LEFT JOIN sla_policies p ON p.category_code = c.code WHERE c.code = $1`, [categoryCode]);
    if (!row) throw new CategoryNotFound();
    return toView(row);
  }

  private async publish(m: EntityManager, actor: StaffRef, categoryCode: string, change: 'set' | 'reset', policy: SlaPolicy): Promise<void> {
    await this.events.publish(m, new SlaPolicyChanged({ categoryCode, actorId: actor.id, change, ...policy }));
    this.log.log(`SLA policy of ${categoryCode} ${change} by ${actor.id}`);
  }
}

/** Whole numbers within POLICY_LIMITS (the table's CHECK constraints), each error beside its field. */
export function parsePolicy(input: SlaPolicyInput): SlaPolicy {
  const errors = new FieldErrors();
  const policy = { ...DEFAULT_POLICY };
  for (const f of POLICY_FIELDS) {
    const text = (input[f.key] ?? '').trim();
    const limits = POLICY_LIMITS[f.key];
    const value = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
    if (text === '') errors.add(f.field, 'sla_policy.required');
    else if (!(value >= limits.min && value <= limits.max)) errors.add(f.field, `sla_policy.range_${f.unit}`, limits);
    else policy[f.key] = value;
  }
  errors.throwIfAny();
  return policy;
}

interface PolicyRow {
  code: string;
  name_id: string;
  name_en: string;
  active: boolean;
  verification_days: number | null;
  complaint_days: number | null;
  examination_days: number | null;
  feedback_days: number | null;
  updated_at: Date | null;
}

const POLICY_COLUMNS = 'c.code, c.name_id, c.name_en, c.active, p.verification_days, p.complaint_days, p.examination_days, p.feedback_days, p.updated_at';

function toView(r: PolicyRow): SlaPolicyView {
  const isDefault = r.verification_days === null;
  return {
    categoryCode: r.code,
    nameId: r.name_id,
    nameEn: r.name_en,
    active: r.active,
    policy: isDefault ? { ...DEFAULT_POLICY } : { verificationDays: r.verification_days!, complaintDays: r.complaint_days!, examinationDays: r.examination_days!, feedbackDays: r.feedback_days! },
    isDefault,
    updatedAt: r.updated_at,
  };
}

function assertAdmin(actor: StaffRef): void {
  if (!hasRole(actor, Role.Admin)) throw new Forbidden();
}
