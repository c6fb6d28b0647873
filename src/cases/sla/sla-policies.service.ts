import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogService, CategoryRecord } from '../../catalog';
import { SlaPoliciesRepository, StoredSlaPolicy } from './sla-policies.repository';
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
    private readonly catalog: CatalogService,
    private readonly policies: SlaPoliciesRepository,
  ) {}

  /** Every category, active or not: an inactive one may still have running cases. */
  async all(actor: StaffRef): Promise<SlaPolicyView[]> {
    assertAdmin(actor);
    const categories = await this.catalog.allCategories(actor);
    const policies = new Map((await this.policies.all()).map((p) => [p.categoryCode, p]));
    return categories.map((c) => toView(c, policies.get(c.code) ?? null));
  }

  async get(actor: StaffRef, categoryCode: string): Promise<SlaPolicyView> {
    assertAdmin(actor);
    return this.read(this.db.manager, await this.catalog.category(actor, categoryCode));
  }

  /** Sets all four lengths at once: a policy is only meaningful whole. */
  async set(actor: StaffRef, categoryCode: string, input: SlaPolicyInput): Promise<SlaPolicyView> {
    assertAdmin(actor);
    const policy = parsePolicy(input);
    // The category must exist (404, not a failed foreign key); categories are never deleted, only deactivated.
    const category = await this.catalog.category(actor, categoryCode);
    const view = await this.db.transaction(async (m) => {
      await this.policies.set(m, categoryCode, policy, this.clock.now(), actor.id);
      await this.publish(m, actor, categoryCode, 'set', policy);
      return this.read(m, category);
    });
    this.sla.forgetCachedRules();
    return view;
  }

  /** Back to the default policy; nothing to do when the category has no override. */
  async reset(actor: StaffRef, categoryCode: string): Promise<SlaPolicyView> {
    assertAdmin(actor);
    const category = await this.catalog.category(actor, categoryCode);
    const view = await this.db.transaction(async (m) => {
      if (await this.policies.remove(m, categoryCode)) await this.publish(m, actor, categoryCode, 'reset', DEFAULT_POLICY);
      return this.read(m, category);
    });
    this.sla.forgetCachedRules();
    return view;
  }

  private async read(m: EntityManager, category: CategoryRecord): Promise<SlaPolicyView> {
    return toView(category, await this.policies.ofCategory(m, category.code));
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

function toView(c: CategoryRecord, stored: StoredSlaPolicy | null): SlaPolicyView {
  return {
    categoryCode: c.code,
    nameId: c.nameId,
    nameEn: c.nameEn,
    active: c.active,
    policy: stored ? { ...stored.policy } : { ...DEFAULT_POLICY },
    isDefault: stored === null,
    updatedAt: stored?.updatedAt ?? null,
  };
}

function assertAdmin(actor: StaffRef): void {
  if (!hasRole(actor, Role.Admin)) throw new Forbidden();
}
