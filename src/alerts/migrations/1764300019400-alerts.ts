import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The alerts module's own tables (issue 16).
 *
 * `alerts_raised`: one row per (kind, window) in which an alert was raised. The primary key is
 * what makes an alert go out once per window across every app instance: the check inserts the
 * row in the transaction that publishes the alert's event, `ON CONFLICT DO NOTHING`, and only
 * the insert that wins publishes. A few rows a day at most; kept as the alerts' history.
 *
 * `alert_readings`: the latest figure and threshold of each kind, cluster-wide, for /metrics and
 * /health (every instance reports the same); the audit verification keeps its summary in
 * `detail` (entries checked, first broken entry, duration). Figures only: no content, no
 * addresses, nothing about anyone.
 */
export const Alerts1764300019400 = sqlMigration('Alerts1764300019400', {
  up: [
    `
      CREATE TABLE alerts_raised (
        kind text NOT NULL CHECK (kind ~ '^[a-z]+(-[a-z]+)*$'),
        window_start timestamptz NOT NULL,
        window_minutes integer NOT NULL CHECK (window_minutes > 0),
        figure double precision NOT NULL,
        threshold double precision,
        raised_at timestamptz NOT NULL,
        PRIMARY KEY (kind, window_start)
      )`,
    `
      CREATE TABLE alert_readings (
        kind text PRIMARY KEY CHECK (kind ~ '^[a-z]+(-[a-z]+)*$'),
        figure double precision NOT NULL,
        threshold double precision,
        above boolean NOT NULL,
        read_at timestamptz NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object')
      )`,
  ],
  down: [`DROP TABLE alert_readings`, `DROP TABLE alerts_raised`],
});
