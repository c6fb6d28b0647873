import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Labels supervisors define and put on cases (issue 16). A label's name is clear metadata the
 * inspectorate chose, never reporter data, so it is stored in clear; unique whatever its case.
 */
export const CaseLabels1764300018000 = sqlMigration('CaseLabels1764300018000', {
  up: [
    `
      CREATE TABLE case_labels (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        colour text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
        created_by uuid NOT NULL REFERENCES staff(id),
        created_at timestamptz NOT NULL
      )`,
    `CREATE UNIQUE INDEX case_labels_name_idx ON case_labels (lower(name))`,
    `
      CREATE TABLE case_label_assignments (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        label_id uuid NOT NULL REFERENCES case_labels(id) ON DELETE CASCADE,
        PRIMARY KEY (case_id, label_id)
      )`,
    // The inbox filter and the statistics look cases up by label.
    `CREATE INDEX case_label_assignments_label_idx ON case_label_assignments (label_id)`,
  ],
  down: [`DROP TABLE case_label_assignments`, `DROP TABLE case_labels`],
});
