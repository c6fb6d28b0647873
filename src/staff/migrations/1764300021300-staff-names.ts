import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The staff module's read view of its members' display names, for other modules' queries that
 * show who did what beside their own rows (the staff inbox's assignees column, issue 15) without
 * naming the staff table or paying a second round trip per page. Names only: no e-mail address,
 * role, key or credential.
 */
export const StaffNames1764300021300 = sqlMigration('StaffNames1764300021300', {
  up: [`CREATE VIEW staff_names AS SELECT id, name FROM staff`],
  down: [`DROP VIEW staff_names`],
});
