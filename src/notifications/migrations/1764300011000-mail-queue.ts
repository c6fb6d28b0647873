import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The mail queue of the notifications module (DESIGN.md §5).
 *
 * A notice is written here by an event subscriber in the same transaction that records the
 * event as handled, so a notice is queued exactly once per (event, recipient); a worker sends it
 * later. Mails hold no case content: `facts` are the notice kind, case number, deadline and
 * link path (clear metadata, as in events); the worker renders the mail from them in the
 * recipient's language when it sends (so rows stay small: each is written three times), and a
 * digest's facts list the notices it gathers.
 *
 * Status: `held` waits for the recipient's daily digest; `pending` waits for its next try
 * (`next_attempt_at`); `sending` is claimed by a worker until `next_attempt_at` (a lease: a
 * worker that died mid-send is replaced after it); `sent`; `parked` after the last try or a
 * permanent refusal (an admin can resend); `digested` went out inside a digest (`digest_id`);
 * `cancelled` when the recipient was deactivated before it went out.
 */
export const MailQueue1764300011000 = sqlMigration('MailQueue1764300011000', {
  up: [
    `ALTER TABLE staff ADD COLUMN mail_mode text NOT NULL DEFAULT 'immediate' CHECK (mail_mode IN ('immediate', 'digest'))`,
    `
      CREATE TABLE mail_queue (
        id uuid PRIMARY KEY,
        staff_id uuid NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
        notice text NOT NULL CHECK (notice ~ '^[a-z]+(-[a-z]+)*$'),
        event_id uuid,
        case_id uuid REFERENCES cases(id) ON DELETE SET NULL,
        facts jsonb NOT NULL CHECK (jsonb_typeof(facts) = 'object'),
        urgent boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('held', 'pending', 'sending', 'sent', 'parked', 'digested', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz,
        last_error text CHECK (length(last_error) <= 300),
        digest_id uuid REFERENCES mail_queue(id),
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        CHECK ((status IN ('pending', 'sending')) = (next_attempt_at IS NOT NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
        CHECK ((status = 'digested') = (digest_id IS NOT NULL))
      )`,
    // One notice per event and recipient, even if a subscriber's effect were ever replayed.
    `CREATE UNIQUE INDEX mail_queue_event_recipient_key ON mail_queue (event_id, staff_id, notice) WHERE event_id IS NOT NULL`,
    // The worker claims the earliest due mail; the index holds only mails still to send.
    `CREATE INDEX mail_queue_due_idx ON mail_queue (next_attempt_at) WHERE status IN ('pending', 'sending')`,
    `CREATE INDEX mail_queue_held_idx ON mail_queue (staff_id, created_at) WHERE status = 'held'`,
    `CREATE INDEX mail_queue_parked_idx ON mail_queue (created_at) WHERE status = 'parked'`,
  ],
  down: [`DROP TABLE mail_queue`, `ALTER TABLE staff DROP COLUMN mail_mode`],
});
