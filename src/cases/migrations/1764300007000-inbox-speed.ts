import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The inbox at a million cases (bench/inbox): the title encrypted on its own so a page does not
 * decrypt whole reports (up to 20,000 characters each), and an index for the OPD filter so a
 * unit with few or no cases reads a page, not the table. Categories (ten, each common) and
 * channels need none: their matches are close together in the submitted-at order, and every
 * index is one more write on each submission.
 */
export const InboxSpeed1764300007000 = sqlMigration('InboxSpeed1764300007000', {
  up: [`ALTER TABLE cases ADD COLUMN title bytea`, `CREATE INDEX cases_opd_idx ON cases (opd_code, submitted_at DESC, id DESC) WHERE opd_code IS NOT NULL`],
  down: [`DROP INDEX cases_opd_idx`, `ALTER TABLE cases DROP COLUMN title`],
});
