import { MigrationInterface, QueryRunner } from 'typeorm';

/** Related cases (same matter from another reporter, a follow-up): stored once, lower id first. */
export class CaseLinks1764300006000 implements MigrationInterface {
  name = 'CaseLinks1764300006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_links (
        case_a uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        case_b uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        linked_by uuid NOT NULL REFERENCES staff(id),
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (case_a, case_b),
        CHECK (case_a < case_b)
      )`);
    await q.query(`CREATE INDEX case_links_b_idx ON case_links (case_b)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_links`);
  }
}
