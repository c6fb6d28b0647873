import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PolledWorker } from '../platform/jobs/polled-worker';
import { StaffDirectory } from '../staff';
import type { NoticeFacts } from './notices';

/** Marks a transaction that queued mail (see MailDeliveryWorker.afterTransactionCommit). */
export const MAIL_QUEUED = 'wbsMailQueued';

export type MailStatus = 'held' | 'pending' | 'sending' | 'sent' | 'parked' | 'digested' | 'cancelled';

export interface QueuedMail {
  staffId: string;
  notice: string;
  eventId: string | null;
  caseId: string | null;
  facts: NoticeFacts | Record<string, unknown>;
  urgent: boolean;
  /** `held` waits for the digest; `pending` goes out at once. */
  status: 'held' | 'pending';
}

export interface ClaimedMail {
  id: string;
  to: string | null;
  active: boolean;
  language: string;
  facts: NoticeFacts & { items?: NoticeFacts[] };
  attempts: number;
}

export interface ParkedMail {
  id: string;
  notice: string;
  caseNumber: string | null;
  recipientEmail: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

export interface MailQueueSnapshot {
  pending: number;
  held: number;
  parked: number;
  /** Seconds since the oldest mail still waiting to be sent was queued (0 when none). */
  oldestPendingSeconds: number;
}

/** The mail table (see its migration): queue, claim with a lease, outcome, and admin views. */
@Injectable()
export class MailQueueRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffDirectory,
  ) {}

  /** Inside the subscriber's transaction; a notice already queued for this event is left alone. */
  async enqueue(m: EntityManager, mails: QueuedMail[], now: Date, id?: string): Promise<void> {
    if (mails.length === 0) return;
    if (id && mails.length !== 1) throw new Error('An id can be given for one mail only.');
    await m.query(
      `INSERT INTO mail_queue (id, staff_id, notice, event_id, case_id, facts, urgent, status, next_attempt_at, created_at)
       SELECT x.id, x.staff_id, x.notice, x.event_id, x.case_id, x.facts, x.urgent, x.status,
              CASE WHEN x.status = 'pending' THEN $9::timestamptz END, $9
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::jsonb[], $7::boolean[], $8::text[])
           AS x (id, staff_id, notice, event_id, case_id, facts, urgent, status)
       ON CONFLICT (event_id, staff_id, notice) WHERE event_id IS NOT NULL DO NOTHING`,
      [
        mails.map(() => id ?? randomUUID()),
        mails.map((x) => x.staffId),
        mails.map((x) => x.notice),
        mails.map((x) => x.eventId),
        mails.map((x) => x.caseId),
        mails.map((x) => JSON.stringify(x.facts)),
        mails.map((x) => x.urgent),
        mails.map((x) => x.status),
        now,
      ],
    );
    // The delivery worker of this process wakes once this transaction commits.
    PolledWorker.markWritten(m.queryRunner, MAIL_QUEUED);
  }

  /**
   * Claims up to `limit` due mails for `leaseMs`: they are `sending` until then, so another
   * worker (or instance) takes them over only if this one died. One statement, committed at once.
   *
   * Two clocks, one per purpose: a pending mail is due by the application's clock (`now`, which
   * also set its retry time), but a lease is measured on the database's clock, the one every
   * process shares. A process whose clock disagrees (a CLI beside a server, a test's fixed
   * clock) then never takes a mail another process is still sending.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
    const rows: { id: string; staff_id: string; facts: ClaimedMail['facts']; attempts: number }[] = await this.db.query(
      `WITH due AS (
           SELECT id FROM mail_queue
            WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND next_attempt_at <= clock_timestamp())
            ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
         ), claimed AS (
           UPDATE mail_queue q SET status = 'sending', next_attempt_at = clock_timestamp() + make_interval(secs => $3::double precision / 1000), attempts = q.attempts + 1
             FROM due WHERE q.id = due.id
           RETURNING q.id, q.staff_id, q.facts, q.attempts
         )
         SELECT c.id, c.staff_id, c.facts, c.attempts FROM claimed c`,
      [now, limit, leaseMs],
    );
    // The recipients' addresses, one read for the batch (none when nothing was due).
    const contacts = await this.staff.contactsOf(rows.map((r) => r.staff_id));
    return rows.map((r) => {
      const to = contacts.get(r.staff_id);
      return { id: r.id, to: to?.email ?? null, active: to?.active === true, language: to?.language ?? 'id', facts: r.facts, attempts: r.attempts };
    });
  }

  async markSent(ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE mail_queue SET status = 'sent', sent_at = $2, next_attempt_at = NULL, last_error = NULL WHERE id = ANY ($1::uuid[]) AND status = 'sending'`, [ids, at]);
  }

  /** Claims not tried (a stop mid-batch) go back to the queue, due at once, their try not counted. */
  async release(ids: string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE mail_queue SET status = 'pending', next_attempt_at = $2, attempts = greatest(attempts - 1, 0) WHERE id = ANY ($1::uuid[]) AND status = 'sending'`, [ids, now]);
  }

  async markRetry(id: string, nextAttemptAt: Date, error: string): Promise<void> {
    await this.db.query(`UPDATE mail_queue SET status = 'pending', next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'sending'`, [id, nextAttemptAt, error]);
  }

  async markParked(id: string, error: string): Promise<void> {
    await this.db.query(`UPDATE mail_queue SET status = 'parked', next_attempt_at = NULL, last_error = $2 WHERE id = $1 AND status = 'sending'`, [id, error]);
  }

  async markCancelled(id: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE mail_queue SET status = 'cancelled', next_attempt_at = NULL, last_error = $2 WHERE id = $1 AND status = 'sending'`, [id, reason]);
  }

  async parked(limit = 200): Promise<ParkedMail[]> {
    const rows: { id: string; staff_id: string; notice: string; case_number: string | null; attempts: number; last_error: string | null; created_at: Date }[] = await this.db.query(
      `SELECT q.id, q.staff_id, q.notice, q.facts->>'caseNumber' AS case_number, q.attempts, q.last_error, q.created_at
           FROM mail_queue q
          WHERE q.status = 'parked' ORDER BY q.created_at DESC LIMIT $1`,
      [limit],
    );
    const contacts = await this.staff.contactsOf(rows.map((r) => r.staff_id));
    return rows
      .filter((r) => contacts.has(r.staff_id))
      .map((r) => ({ id: r.id, notice: r.notice, caseNumber: r.case_number, recipientEmail: contacts.get(r.staff_id)!.email, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at }));
  }

  /** Parked mails (one, or all with `id` null) go back to the queue with fresh tries. Returns their ids. */
  async requeueParked(id: string | null, now: Date, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `WITH r AS (
         UPDATE mail_queue SET status = 'pending', attempts = 0, next_attempt_at = $2
          WHERE status = 'parked' AND ($1::uuid IS NULL OR id = $1) RETURNING id
       ) SELECT id FROM r`,
      [id, now],
    );
    return rows.map((r) => r.id);
  }

  /** The members with notices held for their digest. */
  async membersWithHeld(m: EntityManager): Promise<string[]> {
    const rows: { staff_id: string }[] = await m.query(`SELECT DISTINCT staff_id FROM mail_queue WHERE status = 'held'`);
    return rows.map((r) => r.staff_id);
  }

  /** A member's held notices, oldest first, locked for the digest (one being digested elsewhere is skipped). */
  async lockHeld(m: EntityManager, staffId: string): Promise<{ id: string; facts: NoticeFacts }[]> {
    return m.query(`SELECT id, facts FROM mail_queue WHERE staff_id = $1 AND status = 'held' ORDER BY created_at FOR UPDATE SKIP LOCKED`, [staffId]);
  }

  /** Held notices of a member deactivated since: nobody will read their digest. */
  async cancelHeldOfDeactivated(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(`UPDATE mail_queue SET status = 'cancelled', last_error = 'Recipient deactivated' WHERE id = ANY ($1::uuid[])`, [ids]);
  }

  async markDigested(m: EntityManager, ids: string[], digestId: string): Promise<void> {
    await m.query(`UPDATE mail_queue SET status = 'digested', digest_id = $2 WHERE id = ANY ($1::uuid[])`, [ids, digestId]);
  }

  async snapshot(now: Date): Promise<MailQueueSnapshot> {
    const [r]: { pending: string; held: string; parked: string; oldest: Date | null }[] = await this.db.query(
      // One sub-query per partial index: the table keeps every sent mail, these stay small.
      `SELECT (SELECT count(*) FROM mail_queue WHERE status IN ('pending', 'sending')) AS pending,
              (SELECT count(*) FROM mail_queue WHERE status = 'held') AS held,
              (SELECT count(*) FROM mail_queue WHERE status = 'parked') AS parked,
              (SELECT min(created_at) FROM mail_queue WHERE status IN ('pending', 'sending')) AS oldest`,
    );
    return {
      pending: Number(r.pending),
      held: Number(r.held),
      parked: Number(r.parked),
      oldestPendingSeconds: r.oldest ? Math.max(0, Math.round((now.getTime() - r.oldest.getTime()) / 1000)) : 0,
    };
  }
}
