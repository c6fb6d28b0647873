import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { PolledWorker } from '../platform/jobs/polled-worker';
import { ActorType, canonicalJson } from './audit-chain';
import { AuditLogRepository, NewAuditRow } from './audit-log.repository';

/** Who did it: a staff member, the reporter of a case (never more about them), or the system. */
export type AuditActor = { type: 'staff'; id: string } | { type: 'reporter' } | { type: 'system' };

export interface AuditEntry {
  actor: AuditActor;
  /** `<area>.<what>`, e.g. `case.viewed`, `attachment.downloaded`, `staff.login-failed`. */
  action: string;
  caseId?: string | null;
  /** Ids and clear metadata only: never content, identity, addresses or network data. */
  detail?: Record<string, unknown>;
  /** Defaults to the clock's now. */
  at?: Date;
}

/** Marks a transaction that wrote audit entries, so the chainer wakes once it commits. */
export const AUDIT_WRITTEN = 'wbsAuditWritten';

/**
 * Writes audit entries (DESIGN.md §7). `record` joins the caller's transaction: an audited read
 * and its entry commit together, or neither does. The entry is chained shortly after by
 * AuditChainer, so requests never queue behind one another for the chain's lock.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly log: AuditLogRepository,
    private readonly clock: Clock,
  ) {}

  /** Entries waiting for the insert in flight to finish (writeSoon). */
  private readonly waiting: { rows: NewAuditRow[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordAll(manager, [entry]);
  }

  async recordAll(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = this.clock.now();
    const rows = entries.map((e) => ({
      at: e.at ?? now,
      actorType: e.actor.type as ActorType,
      actorId: e.actor.type === 'staff' ? e.actor.id : null,
      action: e.action,
      caseId: e.caseId ?? null,
      detail: canonicalJson(e.detail ?? {}),
    }));
    if (manager.queryRunner) {
      await this.log.insert(manager, rows);
      PolledWorker.markWritten(manager.queryRunner, AUDIT_WRITTEN);
    } else {
      await this.writeSoon(rows);
    }
  }

  /**
   * Entries written outside a transaction (a read's entry, before what was read is shown) commit
   * on their own. Those that arrive while one such insert is in flight wait for it and then go
   * together in the next, so under load the log costs one statement and commit per batch, not per
   * request (bench/inbox: the entry was one of the page's three round trips). Each caller still
   * returns only once its own entry is committed; nobody waits when nothing is in flight.
   */
  private writeSoon(rows: NewAuditRow[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      if (!this.writing) void this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0);
        try {
          await this.log.insert(
            this.db.manager,
            batch.flatMap((b) => b.rows),
          );
          for (const b of batch) b.resolve();
        } catch (e) {
          if (batch.length === 1) batch[0].reject(e);
          // One refused entry must not fail the requests it happened to share a batch with.
          else for (const b of batch) await this.log.insert(this.db.manager, b.rows).then(b.resolve, b.reject);
        }
      }
    } finally {
      // In the same turn as the loop's last look at the queue: an entry pushed after it starts a new writer.
      this.writing = false;
    }
  }

  /**
   * How many entries of each action were written from `from` (inclusive) to `to` (exclusive):
   * counts only, for the alerts on bursts of failed sign-ins (src/alerts). Walks the `at` index,
   * so the cost follows the entries of the window.
   */
  async countActions(actions: readonly string[], from: Date, to: Date): Promise<Record<string, number>> {
    const counts = await this.log.countActions(actions, from, to);
    return Object.fromEntries(actions.map((a) => [a, counts.get(a) ?? 0]));
  }

  /** An entry in a transaction of its own (e.g. a failed sign-in, whose request changes nothing else). */
  async recordApart(entry: AuditEntry): Promise<void> {
    await this.db.transaction((m) => this.record(m, entry));
  }
}
