import { sqlMigration } from '../../database/sql-migration';

/** The NOTIFY trigger on outbox inserts; OutboxNotifyAfterCommit drops it, and its down creates it again. */
export const OUTBOX_NOTIFY_TRIGGER = [
  `
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('wbs_outbox', '');
        RETURN NULL;
      END
      $$`,
  `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
];

/**
 * The transactional outbox and its deliveries (DESIGN.md §3).
 *
 * - `outbox`: one row per published event, inserted in the publisher's own transaction.
 *   `fanned_out_at` is set once a dispatcher has created the event's deliveries.
 * - `event_deliveries`: one row per (event, subscriber). It is both the work queue and the
 *   idempotency record: a subscriber's effect and `status = 'done'` commit together.
 * - A statement trigger NOTIFYs `wbs_outbox` on insert. PostgreSQL delivers a notification only
 *   when the transaction commits, so a rolled-back event never wakes a dispatcher, and a
 *   committed one wakes every instance at once instead of after the next poll.
 *
 * Beyond the sketch: `last_attempt_at` (when a delivery was parked, for the admin
 * page), CHECKs tying `done_at` to `done`, a payload that is a JSON object, subscriber names of
 * the agreed shape, and a bounded `last_error` (see retry-policy.ts MAX_ERROR_LENGTH).
 */
export const Outbox1764300001000 = sqlMigration('Outbox1764300001000', {
  up: [
    `
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL CHECK (type ~ '^[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*$'),
        payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
        occurred_at timestamptz NOT NULL,
        fanned_out_at timestamptz
      )`,
    // Fan-out reads the oldest rows not yet fanned out; the index holds only those.
    `CREATE INDEX outbox_pending_idx ON outbox (id) WHERE fanned_out_at IS NULL`,
    `
      CREATE TABLE event_deliveries (
        event_id uuid NOT NULL REFERENCES outbox(event_id) ON DELETE CASCADE,
        subscriber text NOT NULL CHECK (subscriber ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'parked')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        last_attempt_at timestamptz,
        last_error text CHECK (length(last_error) <= 300),
        done_at timestamptz,
        PRIMARY KEY (event_id, subscriber),
        CHECK ((status = 'done') = (done_at IS NOT NULL))
      )`,
    // Delivery claims the earliest due pending row; cost grows with what is pending, not with history.
    `CREATE INDEX event_deliveries_due_idx ON event_deliveries (next_attempt_at) WHERE status = 'pending'`,
    `CREATE INDEX event_deliveries_parked_idx ON event_deliveries (last_attempt_at) WHERE status = 'parked'`,
    ...OUTBOX_NOTIFY_TRIGGER,
  ],
  down: [`DROP TRIGGER outbox_notify ON outbox`, `DROP FUNCTION outbox_notify()`, `DROP TABLE event_deliveries`, `DROP TABLE outbox`],
});
