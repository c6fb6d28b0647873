import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention periods as retention publishes them (issue 13): years kept after closing, per
 * outcome. Cases reads this view in the statement that closes a case, so a closed case has its
 * retain_until in the same transaction as its status, without naming retention's policy table.
 * Only the outcome and its years: no one who changed them, no date.
 */
export class RetentionPeriods1764300021000 implements MigrationInterface {
  name = 'RetentionPeriods1764300021000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE VIEW retention_periods AS SELECT outcome, years FROM retention_policies`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW retention_periods`);
  }
}
