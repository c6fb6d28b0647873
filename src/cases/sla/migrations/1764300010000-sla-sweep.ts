import { sqlMigration } from '../../../platform/database/sql-migration';

/**
 * What the SLA sweep needs (DESIGN.md §6):
 *
 * - `case_deadlines` gains the reporter-feedback clock (calendar days, not working days), the
 *   time its reminder falls due, and markers of what the sweep already did for this due date
 *   (`reminded_at`, `breached_at`). A restarted deadline gets a new due date and clears both,
 *   so "once per (case, kind, due date)" is a property of the row. Two partial indexes hold
 *   only what the sweep has still to do, so its cost follows what is due, not the case count.
 * - `sla_breaches`: one row per missed (case, kind, due date), unique, with the repeat
 *   escalations and the time the breach ended (for statistics). The unique key is the last
 *   guard against a double breach e-mail, whatever the sweep's lock does.
 * - `sla_policies`: per-category overrides of the default policy, used for new deadlines.
 * - `holiday_years`: which years' holiday lists an admin has entered and confirmed; the
 *   working-day calendar warns from 1 October while next year is missing.
 */
export const SlaSweep1764300010000 = sqlMigration('SlaSweep1764300010000', {
  up: [
    `ALTER TABLE case_deadlines DROP CONSTRAINT case_deadlines_kind_check`,
    `ALTER TABLE case_deadlines ADD CONSTRAINT case_deadlines_kind_check CHECK (kind IN ('verification', 'investigation', 'feedback'))`,
    `ALTER TABLE case_deadlines ALTER COLUMN working_days DROP NOT NULL`,
    `
      ALTER TABLE case_deadlines
        ADD COLUMN calendar_days integer CHECK (calendar_days > 0),
        ADD COLUMN remind_at timestamptz,
        ADD COLUMN reminded_at timestamptz,
        ADD COLUMN breached_at timestamptz,
        ADD CONSTRAINT case_deadlines_one_unit CHECK ((working_days IS NULL) <> (calendar_days IS NULL)),
        ADD CONSTRAINT case_deadlines_feedback_in_calendar_days CHECK ((kind = 'feedback') = (calendar_days IS NOT NULL))`,
    // Deadlines already running: remind at the start of their last day (close enough once).
    `UPDATE case_deadlines SET remind_at = greatest(started_at, due_at - interval '1 day')`,
    `ALTER TABLE case_deadlines ALTER COLUMN remind_at SET NOT NULL`,
    `ALTER TABLE case_deadlines ADD CONSTRAINT case_deadlines_remind_before_due CHECK (remind_at <= due_at)`,
    `CREATE INDEX case_deadlines_reminder_due_idx ON case_deadlines (remind_at) WHERE reminded_at IS NULL`,
    `CREATE INDEX case_deadlines_breach_due_idx ON case_deadlines (due_at) WHERE breached_at IS NULL`,
    `
      CREATE TABLE sla_breaches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('verification', 'investigation', 'feedback')),
        due_at timestamptz NOT NULL,
        breached_at timestamptz NOT NULL,
        escalations integer NOT NULL DEFAULT 0 CHECK (escalations >= 0),
        next_escalation_at timestamptz,
        resolved_at timestamptz,
        UNIQUE (case_id, kind, due_at),
        CHECK (breached_at >= due_at),
        CHECK (resolved_at IS NULL OR next_escalation_at IS NULL)
      )`,
    `CREATE INDEX sla_breaches_escalation_due_idx ON sla_breaches (next_escalation_at) WHERE resolved_at IS NULL`,
    `CREATE INDEX sla_breaches_open_by_case_idx ON sla_breaches (case_id, kind) WHERE resolved_at IS NULL`,
    `
      CREATE TABLE sla_policies (
        category_code text PRIMARY KEY REFERENCES categories(code) ON DELETE CASCADE,
        verification_days integer NOT NULL CHECK (verification_days BETWEEN 1 AND 60),
        complaint_days integer NOT NULL CHECK (complaint_days BETWEEN 1 AND 250),
        examination_days integer NOT NULL CHECK (examination_days BETWEEN 1 AND 250),
        feedback_days integer NOT NULL CHECK (feedback_days BETWEEN 1 AND 30),
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES staff(id)
      )`,
    `
      CREATE TABLE holiday_years (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2200),
        source text NOT NULL CHECK (length(source) BETWEEN 2 AND 300),
        confirmed_at timestamptz NOT NULL,
        confirmed_by uuid REFERENCES staff(id)
      )`,
    `
      INSERT INTO holiday_years (year, source, confirmed_at)
      VALUES (2026, 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497/2025, 2/2025, 5/2025', now())`,
  ],
  down: [
    `DROP TABLE holiday_years`,
    `DROP TABLE sla_policies`,
    `DROP TABLE sla_breaches`,
    `DELETE FROM case_deadlines WHERE kind = 'feedback'`,
    `DROP INDEX case_deadlines_breach_due_idx`,
    `DROP INDEX case_deadlines_reminder_due_idx`,
    `
      ALTER TABLE case_deadlines
        DROP CONSTRAINT case_deadlines_remind_before_due,
        DROP CONSTRAINT case_deadlines_feedback_in_calendar_days,
        DROP CONSTRAINT case_deadlines_one_unit,
        DROP COLUMN breached_at, DROP COLUMN reminded_at, DROP COLUMN remind_at, DROP COLUMN calendar_days`,
    `ALTER TABLE case_deadlines ALTER COLUMN working_days SET NOT NULL`,
    `ALTER TABLE case_deadlines DROP CONSTRAINT case_deadlines_kind_check`,
    `ALTER TABLE case_deadlines ADD CONSTRAINT case_deadlines_kind_check CHECK (kind IN ('verification', 'investigation'))`,
  ],
});
