import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Case work: assignment of inspectors (with a recorded conflict-of-interest override), the
 * investigation track, the reporter-facing closing summary, links between cases, internal notes.
 * Reasons, summaries and notes are case content: encrypted with the case content key.
 */
export const CaseWork1764300002000 = sqlMigration('CaseWork1764300002000', {
  up: [
    `
      CREATE TABLE case_assignments (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        staff_id uuid NOT NULL REFERENCES staff(id),
        assigned_by uuid NOT NULL REFERENCES staff(id),
        assigned_at timestamptz NOT NULL,
        conflict_override bytea,
        PRIMARY KEY (case_id, staff_id)
      )`,
    `CREATE INDEX case_assignments_staff_idx ON case_assignments (staff_id, case_id)`,
    `ALTER TABLE cases ADD COLUMN track text CHECK (track IN ('complaint', 'examination'))`,
    `ALTER TABLE cases ADD COLUMN closing_summary bytea`,
    `ALTER TABLE cases ADD COLUMN duplicate_of uuid REFERENCES cases(id)`,
    `ALTER TABLE cases ADD CONSTRAINT cases_investigating_has_track CHECK (status <> 'investigating' OR track IS NOT NULL)`,
    `ALTER TABLE cases ADD CONSTRAINT cases_closed_has_summary CHECK (status <> 'closed' OR closing_summary IS NOT NULL)`,
    `ALTER TABLE cases ADD CONSTRAINT cases_duplicate_outcome CHECK (duplicate_of IS NULL OR outcome = 'duplicate')`,
    `ALTER TABLE cases ADD CONSTRAINT cases_not_own_duplicate CHECK (duplicate_of IS DISTINCT FROM id)`,
    `
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        author_staff_id uuid NOT NULL REFERENCES staff(id),
        body bytea NOT NULL,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at)`,
  ],
  down: [
    `DROP TABLE case_notes`,
    `ALTER TABLE cases DROP CONSTRAINT cases_not_own_duplicate`,
    `ALTER TABLE cases DROP CONSTRAINT cases_duplicate_outcome`,
    `ALTER TABLE cases DROP CONSTRAINT cases_closed_has_summary`,
    `ALTER TABLE cases DROP CONSTRAINT cases_investigating_has_track`,
    `ALTER TABLE cases DROP COLUMN duplicate_of, DROP COLUMN closing_summary, DROP COLUMN track`,
    `DROP TABLE case_assignments`,
  ],
});
