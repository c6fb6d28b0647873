import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * Retention (issue 5): how long a closed case is kept, by outcome, and the marks a purge leaves.
 *
 * - `retention_policies`: years after closing, per outcome (defaults: 5 years, `rejected` and
 *   `duplicate` 1 year). Applies to cases closed after a change.
 * - `cases.retain_until`: set when a case is closed, cleared when it is reopened, moved by an
 *   extension; `retention_noticed_for`: the retain_until the 30-day notice went out for;
 *   `purged_at`: when its content and keys were destroyed. A purged case keeps its clear
 *   metadata (category, OPD, channel, dates, status, outcome, history without reasons) for
 *   statistics; the checks that ask a closed case for a summary, or a named report for an
 *   identity, do not apply to it any more.
 * - `retention_extensions`: who extended a case's retention, until when, and why (the reason
 *   encrypted under the case key, so it goes with the case).
 */
export const Retention1764300014000 = sqlMigration('Retention1764300014000', {
  up: [
    `
      CREATE TABLE retention_policies (
        outcome text PRIMARY KEY CHECK (outcome IN ('substantiated', 'not_substantiated', 'referred', 'rejected', 'duplicate')),
        years integer NOT NULL CHECK (years BETWEEN 1 AND 50),
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES staff(id)
      )`,
    `
      INSERT INTO retention_policies (outcome, years, updated_at) VALUES
        ('substantiated', 5, now()), ('not_substantiated', 5, now()), ('referred', 5, now()), ('rejected', 1, now()), ('duplicate', 1, now())`,
    `ALTER TABLE cases ADD COLUMN retain_until timestamptz, ADD COLUMN retention_noticed_for timestamptz, ADD COLUMN purged_at timestamptz`,
    `ALTER TABLE cases ADD CONSTRAINT cases_retention_only_closed CHECK ((retain_until IS NULL OR status = 'closed') AND (purged_at IS NULL OR status = 'closed'))`,
    `ALTER TABLE cases DROP CONSTRAINT cases_closed_has_summary`,
    `ALTER TABLE cases ADD CONSTRAINT cases_closed_has_summary CHECK (status <> 'closed' OR closing_summary IS NOT NULL OR purged_at IS NOT NULL)`,
    `ALTER TABLE cases DROP CONSTRAINT cases_check1`,
    `ALTER TABLE cases ADD CONSTRAINT cases_named_has_identity CHECK (anonymous = (identity IS NULL) OR purged_at IS NOT NULL)`,
    `ALTER TABLE cases ADD CONSTRAINT cases_purged_has_no_content CHECK (purged_at IS NULL OR (identity IS NULL AND title IS NULL AND closing_summary IS NULL AND length(report) = 0))`,
    // The retention job reads only cases still holding content whose time is near or past.
    `CREATE INDEX cases_retention_due_idx ON cases (retain_until) WHERE retain_until IS NOT NULL AND purged_at IS NULL`,
    // Cases closed before this migration: their retention runs from their last closing.
    `
      UPDATE cases c SET retain_until = h.at + make_interval(years => p.years)
        FROM (SELECT DISTINCT ON (case_id) case_id, at FROM case_status_history WHERE to_status = 'closed' ORDER BY case_id, at DESC) h,
             retention_policies p
       WHERE c.id = h.case_id AND c.status = 'closed' AND p.outcome = c.outcome`,
    `
      CREATE TABLE retention_extensions (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        extended_by uuid NOT NULL REFERENCES staff(id),
        previous_until timestamptz NOT NULL,
        new_until timestamptz NOT NULL CHECK (new_until > previous_until),
        reason bytea,
        at timestamptz NOT NULL
      )`,
    `CREATE INDEX retention_extensions_case_idx ON retention_extensions (case_id, at)`,
  ],
  down: [
    `DROP TABLE retention_extensions`,
    `DROP INDEX cases_retention_due_idx`,
    `ALTER TABLE cases DROP CONSTRAINT cases_purged_has_no_content, DROP CONSTRAINT cases_named_has_identity, DROP CONSTRAINT cases_closed_has_summary, DROP CONSTRAINT cases_retention_only_closed`,
    `ALTER TABLE cases ADD CONSTRAINT cases_check1 CHECK (anonymous = (identity IS NULL))`,
    `ALTER TABLE cases ADD CONSTRAINT cases_closed_has_summary CHECK (status <> 'closed' OR closing_summary IS NOT NULL)`,
    `ALTER TABLE cases DROP COLUMN purged_at, DROP COLUMN retention_noticed_for, DROP COLUMN retain_until`,
    `DROP TABLE retention_policies`,
  ],
});
