import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SlaPolicy } from './sla-policy';

type Db = EntityManager | DataSource;

/** A category's stored override and when it was last changed. */
export interface StoredSlaPolicy {
  categoryCode: string;
  policy: SlaPolicy;
  updatedAt: Date;
}

interface PolicyRow {
  category_code: string;
  verification_days: number;
  complaint_days: number;
  examination_days: number;
  feedback_days: number;
}

function toPolicy(r: PolicyRow): SlaPolicy {
  return { verificationDays: r.verification_days, complaintDays: r.complaint_days, examinationDays: r.examination_days, feedbackDays: r.feedback_days };
}

/** Per-category SLA overrides (sla_policies); a category without one runs on the default policy. */
@Injectable()
export class SlaPoliciesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every override, by category code (what new deadlines are planned with). */
  async rules(m: Db): Promise<Map<string, SlaPolicy>> {
    const rows: PolicyRow[] = await m.query(`SELECT category_code, verification_days, complaint_days, examination_days, feedback_days FROM sla_policies`);
    return new Map(rows.map((r) => [r.category_code, toPolicy(r)]));
  }

  /** Every override with its last change, for the admins' list. */
  async all(): Promise<StoredSlaPolicy[]> {
    const rows: (PolicyRow & { updated_at: Date })[] = await this.db.query(`SELECT category_code, verification_days, complaint_days, examination_days, feedback_days, updated_at FROM sla_policies`);
    return rows.map((r) => ({ categoryCode: r.category_code, policy: toPolicy(r), updatedAt: r.updated_at }));
  }

  async ofCategory(m: Db, categoryCode: string): Promise<StoredSlaPolicy | null> {
    const [row]: (PolicyRow & { updated_at: Date })[] = await m.query(
      `SELECT category_code, verification_days, complaint_days, examination_days, feedback_days, updated_at FROM sla_policies WHERE category_code = $1`,
      [categoryCode],
    );
    return row ? { categoryCode: row.category_code, policy: toPolicy(row), updatedAt: row.updated_at } : null;
  }

  async set(m: EntityManager, categoryCode: string, policy: SlaPolicy, at: Date, by: string): Promise<void> {
    await m.query(
      `INSERT INTO sla_policies (category_code, verification_days, complaint_days, examination_days, feedback_days, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (category_code) DO UPDATE SET verification_days = EXCLUDED.verification_days, complaint_days = EXCLUDED.complaint_days,
         examination_days = EXCLUDED.examination_days, feedback_days = EXCLUDED.feedback_days, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [categoryCode, policy.verificationDays, policy.complaintDays, policy.examinationDays, policy.feedbackDays, at, by],
    );
  }

  /** False when the category had no override. */
  async remove(m: EntityManager, categoryCode: string): Promise<boolean> {
    // Through a CTE: TypeORM returns [rows, count] for a bare DELETE … RETURNING.
    const removed: unknown[] = await m.query(`WITH d AS (DELETE FROM sla_policies WHERE category_code = $1 RETURNING category_code) SELECT * FROM d`, [categoryCode]);
    return removed.length > 0;
  }
}
