import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Outcome } from '../cases';

export interface RetentionPolicyRow {
  outcome: Outcome;
  years: number;
  updatedAt: Date;
}

/** The retention_policies table: one row per outcome (its migration seeds them all). */
@Injectable()
export class RetentionPoliciesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async all(m: EntityManager | DataSource = this.db): Promise<RetentionPolicyRow[]> {
    const rows: { outcome: Outcome; years: number; updated_at: Date }[] = await m.query(`SELECT outcome, years, updated_at FROM retention_policies`);
    return rows.map((r) => ({ outcome: r.outcome, years: r.years, updatedAt: r.updated_at }));
  }

  /** The outcome's years, its row locked for a change; null when there is no such outcome. */
  async lockYears(m: EntityManager, outcome: string): Promise<number | null> {
    const [old]: { years: number }[] = await m.query(`SELECT years FROM retention_policies WHERE outcome = $1 FOR UPDATE`, [outcome]);
    return old ? old.years : null;
  }

  async setYears(m: EntityManager, outcome: string, years: number, at: Date, by: string): Promise<void> {
    await m.query(`UPDATE retention_policies SET years = $2, updated_at = $3, updated_by = $4 WHERE outcome = $1`, [outcome, years, at, by]);
  }
}
