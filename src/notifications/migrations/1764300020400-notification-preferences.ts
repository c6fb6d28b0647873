import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's mail mode moves from a column that notifications had added to `staff` into a
 * table notifications owns (docs/architecture.md). Only a chosen digest is a row: no row means
 * the default, every notice at once. The down puts the column back with the same values.
 */
export class NotificationPreferences1764300020400 implements MigrationInterface {
  name = 'NotificationPreferences1764300020400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_preferences (
        staff_id uuid PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
        mail_mode text NOT NULL CHECK (mail_mode IN ('immediate', 'digest')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO notification_preferences (staff_id, mail_mode) SELECT id, mail_mode FROM staff WHERE mail_mode <> 'immediate'`);
    await q.query(`ALTER TABLE staff DROP COLUMN mail_mode`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff ADD COLUMN mail_mode text NOT NULL DEFAULT 'immediate' CHECK (mail_mode IN ('immediate', 'digest'))`);
    await q.query(`UPDATE staff s SET mail_mode = p.mail_mode FROM notification_preferences p WHERE p.staff_id = s.id`);
    await q.query(`DROP TABLE notification_preferences`);
  }
}
