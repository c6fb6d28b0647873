import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox at a million cases (bench/inbox): the title encrypted on its own so a page does not
 * decrypt whole reports (up to 20,000 characters each), and indexes for the OPD and category
 * filters so a filter that matches few cases reads a page, not the table.
 */
export class InboxSpeed1764300007000 implements MigrationInterface {
  name = 'InboxSpeed1764300007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN title bytea`);
    await q.query(`CREATE INDEX cases_opd_idx ON cases (opd_code, submitted_at DESC, id DESC) WHERE opd_code IS NOT NULL`);
    await q.query(`CREATE INDEX cases_category_idx ON cases (category_code, submitted_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_category_idx`);
    await q.query(`DROP INDEX cases_opd_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN title`);
  }
}
