import { MigrationInterface, QueryRunner } from 'typeorm';

/** When each staff member and the reporter last read a case: unread markers on both sides. */
export class ReadMarkers1764300005000 implements MigrationInterface {
  name = 'ReadMarkers1764300005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_reads (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        read_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, staff_id)
      )`);
    await q.query(`ALTER TABLE cases ADD COLUMN reporter_read_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN reporter_read_at`);
    await q.query(`DROP TABLE case_reads`);
  }
}
