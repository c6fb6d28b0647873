import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * A member's mail mode moves from a column that notifications had added to `staff` into a
 * table notifications owns (docs/architecture.md). Only a chosen digest is a row: no row means
 * the default, every notice at once. The down puts the column back with the same values.
 */
export const NotificationPreferences1764300020400 = sqlMigration('NotificationPreferences1764300020400', {
  up: [
    `
      CREATE TABLE notification_preferences (
        staff_id uuid PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
        mail_mode text NOT NULL CHECK (mail_mode IN ('immediate', 'digest')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `INSERT INTO notification_preferences (staff_id, mail_mode) SELECT id, mail_mode FROM staff WHERE mail_mode <> 'immediate'`,
    `ALTER TABLE staff DROP COLUMN mail_mode`,
  ],
  down: [
    `ALTER TABLE staff ADD COLUMN mail_mode text NOT NULL DEFAULT 'immediate' CHECK (mail_mode IN ('immediate', 'digest'))`,
    `UPDATE staff s SET mail_mode = p.mail_mode FROM notification_preferences p WHERE p.staff_id = s.id`,
    `DROP TABLE notification_preferences`,
  ],
});
