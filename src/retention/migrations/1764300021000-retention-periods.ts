import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The retention periods as retention publishes them (issue 13): years kept after closing, per
 * outcome. Cases reads this view in the statement that closes a case, so a closed case has its
 * retain_until in the same transaction as its status, without naming retention's policy table.
 * Only the outcome and its years: no one who changed them, no date.
 */
export const RetentionPeriods1764300021000 = sqlMigration('RetentionPeriods1764300021000', {
  up: [`CREATE VIEW retention_periods AS SELECT outcome, years FROM retention_policies`],
  down: [`DROP VIEW retention_periods`],
});
