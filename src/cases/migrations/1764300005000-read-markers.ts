import { sqlMigration } from '../../platform/database/sql-migration';

/** When each staff member and the reporter last read a case: unread markers on both sides. */
export const ReadMarkers1764300005000 = sqlMigration('ReadMarkers1764300005000', {
  up: [
    `
      CREATE TABLE case_reads (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, staff_id)
      )`,
    `ALTER TABLE cases ADD COLUMN reporter_read_at timestamptz`,
  ],
  down: [`ALTER TABLE cases DROP COLUMN reporter_read_at`, `DROP TABLE case_reads`],
});
