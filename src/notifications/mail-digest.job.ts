import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { ClusterJob, ClusterJobRun } from '../platform/jobs/cluster-job';
import { inTransaction } from '../platform/jobs/cluster-lock';
import { MailQueueRepository } from './mail-queue.repository';
import type { NoticeFacts } from './notices';

export interface DigestResult extends ClusterJobRun {
  digests: number;
  notices: number;
}

/**
 * The daily digest (`MAIL_DIGEST_CRON`, 07:00 local by default): for each member who chose a
 * digest, the notices held since the last one become one mail. Urgent notices (deadline
 * reminders and breaches) never wait for it. Once per cluster; each member's digest is one
 * transaction, so a crash leaves either the held notices or their digest, never both.
 */
@Injectable()
export class MailDigestJob extends ClusterJob<DigestResult> {
  private readonly log = new Logger('Mail');

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly queue: MailQueueRepository,
    private readonly clock: Clock,
  ) {
    super('mail-digest', (config) => config.mailDigestCron, db);
  }

  async run(): Promise<DigestResult> {
    const result: DigestResult = { ran: false, digests: 0, notices: 0 };
    await this.locked(result, async (runner) => {
      const m = runner.manager;
      const members: { staff_id: string }[] = await m.query(`SELECT DISTINCT staff_id FROM mail_queue WHERE status = 'held'`);
      for (const { staff_id } of members) {
        await inTransaction(runner, async () => {
          const [staff]: { active: boolean }[] = await m.query(`SELECT active FROM staff WHERE id = $1`, [staff_id]);
          const held: { id: string; facts: NoticeFacts }[] = await m.query(`SELECT id, facts FROM mail_queue WHERE staff_id = $1 AND status = 'held' ORDER BY created_at FOR UPDATE SKIP LOCKED`, [
            staff_id,
          ]);
          if (held.length === 0) return;
          if (!staff?.active) {
            await m.query(`UPDATE mail_queue SET status = 'cancelled', last_error = 'Recipient deactivated' WHERE id = ANY ($1::uuid[])`, [held.map((h) => h.id)]);
            return;
          }
          const now = this.clock.now();
          const digestId = randomUUID();
          await this.queue.enqueue(
            m,
            [
              {
                staffId: staff_id,
                notice: 'digest',
                eventId: null,
                caseId: null,
                facts: { notice: 'digest', items: held.map((h) => h.facts) },
                urgent: false,
                status: 'pending',
              },
            ],
            now,
            digestId,
          );
          await m.query(`UPDATE mail_queue SET status = 'digested', digest_id = $2 WHERE id = ANY ($1::uuid[])`, [held.map((h) => h.id), digestId]);
          result.digests++;
          result.notices += held.length;
        });
      }
    });
    if (result.digests) this.log.log(`digest: ${result.notices} notices in ${result.digests} mails`);
    return result;
  }
}
