import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff module's read view of its members' display names, for other modules' queries that
 * show who did what beside their own rows (the staff inbox's assignees column, issue 15) without
 * naming the staff table or paying a second round trip per page. Names only: no e-mail address,
 * role, key or credential.
 */
export class StaffNames1764300021300 implements MigrationInterface {
  name = 'StaffNames1764300021300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE VIEW staff_names AS SELECT id, name FROM staff`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW staff_names`);
  }
}
