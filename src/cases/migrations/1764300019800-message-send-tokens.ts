import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * A message confirmed on the staff page carries the token of its preview, once per case: a second
 * click on "Send" (or a resent form) finds the message already there and sends nothing more.
 */
export const MessageSendTokens1764300019800 = sqlMigration('MessageSendTokens1764300019800', {
  up: [`ALTER TABLE case_messages ADD COLUMN send_token uuid`, `CREATE UNIQUE INDEX case_messages_send_token_idx ON case_messages (case_id, send_token) WHERE send_token IS NOT NULL`],
  down: [`DROP INDEX case_messages_send_token_idx`, `ALTER TABLE case_messages DROP COLUMN send_token`],
});
