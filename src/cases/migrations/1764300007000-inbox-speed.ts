import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox at a million cases (bench/inbox): the title encrypted on its own so a page does not
 * decrypt whole reports (up to 20,000 characters each), and an index for the OPD filter so a
 * unit with few or no cases reads a page, not the table. Categories (ten, each common) and
 * channels need none: their matches are close together in the submitted-at order, and every
 * index is one more write on each submission.
 */
export class InboxSpeed1764300007000 implements MigrationInterface {
  name = 'InboxSpeed1764300007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN title bytea`);
    await q.query(`CREATE INDEX cases_opd_idx ON cases (opd_code, submitted_at DESC, id DESC) WHERE opd_code IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_opd_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN title`);
  }
}
