import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The cases module's read view of labels for the statistics (issue 13), beside case_stats_*:
 * one row per label and case carrying it, with what the statistics count a case by (status,
 * submission instant, category), and one row with those null for a label on no case. Label
 * names and colours are metadata; nothing of a case's content is here.
 */
export const CaseLabelStatsView1764300021210 = sqlMigration('CaseLabelStatsView1764300021210', {
  up: [
    `
      CREATE VIEW case_label_stats AS
        SELECT l.id AS label_id, l.name, l.colour, c.status, c.submitted_at, c.category_code
          FROM case_labels l
          LEFT JOIN case_label_assignments a ON a.label_id = l.id
          LEFT JOIN cases c ON c.id = a.case_id`,
  ],
  down: [`DROP VIEW case_label_stats`],
});
