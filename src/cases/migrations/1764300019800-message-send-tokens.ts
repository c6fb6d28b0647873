import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message confirmed on the staff page carries the token of its preview, once per case: a second
 * click on "Send" (or a resent form) finds the message already there and sends nothing more.
 */
export class MessageSendTokens1764300019800 implements MigrationInterface {
  name = 'MessageSendTokens1764300019800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_messages ADD COLUMN send_token uuid`);
    await q.query(`CREATE UNIQUE INDEX case_messages_send_token_idx ON case_messages (case_id, send_token) WHERE send_token IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_messages_send_token_idx`);
    await q.query(`ALTER TABLE case_messages DROP COLUMN send_token`);
  }
}
