import { sqlMigration } from '../../platform/database/sql-migration';

/** Related cases (same matter from another reporter, a follow-up): stored once, lower id first. */
export const CaseLinks1764300006000 = sqlMigration('CaseLinks1764300006000', {
  up: [
    `
      CREATE TABLE case_links (
        case_a uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        case_b uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        linked_by uuid NOT NULL REFERENCES staff(id),
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (case_a, case_b),
        CHECK (case_a < case_b)
      )`,
    `CREATE INDEX case_links_b_idx ON case_links (case_b)`,
  ],
  down: [`DROP TABLE case_links`],
});
