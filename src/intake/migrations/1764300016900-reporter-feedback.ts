import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The reporter's satisfaction with a closed case (issue 14): one rating per case, the primary key
 * deciding a second try. The rating (1–5) is clear metadata for the statistics; the optional
 * comment is sealed with the case content key like a message (docs/decisions.md, "Reporter
 * feedback"). The index lets the statistics count a period's ratings without visiting the rows.
 */
export const ReporterFeedback1764300016900 = sqlMigration('ReporterFeedback1764300016900', {
  up: [
    `
      CREATE TABLE reporter_feedback (
        case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment_sealed bytea,
        given_at timestamptz NOT NULL
      )`,
    `CREATE INDEX reporter_feedback_given_idx ON reporter_feedback (given_at) INCLUDE (rating)`,
  ],
  down: [`DROP TABLE reporter_feedback`],
});
