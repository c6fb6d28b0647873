import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../platform/database/prepared-query';
import type { CaseStatus } from './case.types';
import type { Track } from './workflow/case-workflow';

type Db = EntityManager | DataSource;

/** Everything one filing statement writes: the case row (already encrypted), its sealed keys, its SLA clocks. */
export interface CaseFiling {
  id: string;
  receiptLookup: Buffer;
  reporterSalt: Buffer;
  reporterContentKey: Buffer;
  reporterIdentityKey: Buffer | null;
  categoryCode: string;
  opdCode: string | null;
  channel: string;
  anonymous: boolean;
  report: Buffer;
  identity: Buffer | null;
  title: Buffer;
  at: Date;
  year: string;
  keys: { staffId: string; kind: string; sealed: Buffer }[];
  clockStart: Date;
  clocks: { kind: string; dueAt: Date; remindAt: Date | null; workingDays: number | null; calendarDays: number | null }[];
  receivedOn: string | null;
  recordedBy: string | null;
}

/** The case row the case page shows (its encrypted closing summary still sealed). */
export interface CaseRecord {
  id: string;
  number: string;
  status: CaseStatus;
  outcome: string | null;
  track: string | null;
  closingSummary: Buffer | null;
  duplicateOf: string | null;
  duplicateOfNumber: string | null;
  categoryCode: string;
  opdCode: string | null;
  channel: string;
  anonymous: boolean;
  submittedAt: Date;
}

interface CaseRecordRow {
  id: string;
  number: string;
  status: CaseStatus;
  outcome: string | null;
  track: string | null;
  closing_summary: Buffer | null;
  duplicate_of: string | null;
  duplicate_of_number: string | null;
  category_code: string;
  opd_code: string | null;
  channel: string;
  anonymous: boolean;
  submitted_at: Date;
}

function toRecord(r: CaseRecordRow): CaseRecord {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    outcome: r.outcome,
    track: r.track,
    closingSummary: r.closing_summary,
    duplicateOf: r.duplicate_of,
    duplicateOfNumber: r.duplicate_of_number,
    categoryCode: r.category_code,
    opdCode: r.opd_code,
    channel: r.channel,
    anonymous: r.anonymous,
    submittedAt: r.submitted_at,
  };
}

/** A status change as the workflow writes it onto the case. */
export interface CaseMove {
  to: CaseStatus;
  outcome: string | null;
  track: Track | null;
  closingSummary: Buffer | null;
  duplicateOf: string | null;
  at: Date;
}

/**
 * The `cases` row and what hangs off it one-to-one or as its own small lists (read markers,
 * links, status history): the cases module's SQL for them, typed rows mapped here.
 */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One statement for the case, its sealed keys and its first status: intake's cost is round
   * trips to PostgreSQL. Foreign keys are checked at the end of the statement, so the keys may
   * reference the case inserted beside them. Numbers grow past five digits rather than wrap.
   */
  async insertFiled(m: EntityManager, f: CaseFiling): Promise<string> {
    const [{ number }] = await preparedQuery<{ number: string }>(
      m,
      'wbs_case_file',
      `WITH c AS (
         INSERT INTO cases (id, number, receipt_lookup, reporter_salt, reporter_content_key, reporter_identity_key,
           category_code, opd_code, channel, anonymous, status, report, identity, submitted_at, updated_at, title, received_on, recorded_by)
         SELECT $1, 'WBS-' || $13 || '-' || lpad(s.n::text, greatest(5, length(s.n::text)), '0'), $2, $3, $4, $5,
           $6, $7, $8, $9, 'received', $10, $11, $12, $12, $17, $23::date, $24::uuid
           FROM (SELECT nextval('case_number_seq') AS n) s
         RETURNING number
       ), k AS (
         INSERT INTO case_keys (case_id, granted_at, staff_id, kind, sealed)
         SELECT $1, $12, x.staff_id, x.kind, x.sealed FROM unnest($14::uuid[], $15::text[], $16::bytea[]) AS x(staff_id, kind, sealed)
       ), h AS (
         INSERT INTO case_status_history (case_id, from_status, to_status, at) VALUES ($1, NULL, 'received', $12)
       ), dl AS (
         INSERT INTO case_deadlines (case_id, started_at, kind, due_at, remind_at, working_days, calendar_days)
         SELECT $1, $25::timestamptz, x.kind, x.due_at, x.remind_at, x.working_days, x.calendar_days
           FROM unnest($18::text[], $19::timestamptz[], $20::timestamptz[], $21::int[], $22::int[]) AS x(kind, due_at, remind_at, working_days, calendar_days)
       )
       SELECT number FROM c`,
      [
        f.id,
        f.receiptLookup,
        f.reporterSalt,
        f.reporterContentKey,
        f.reporterIdentityKey,
        f.categoryCode,
        f.opdCode,
        f.channel,
        f.anonymous,
        f.report,
        f.identity,
        f.at,
        f.year,
        f.keys.map((k) => k.staffId),
        f.keys.map((k) => k.kind),
        f.keys.map((k) => k.sealed),
        f.title,
        f.clocks.map((d) => d.kind),
        f.clocks.map((d) => d.dueAt),
        f.clocks.map((d) => d.remindAt),
        f.clocks.map((d) => d.workingDays),
        f.clocks.map((d) => d.calendarDays),
        f.receivedOn,
        f.recordedBy,
        f.clockStart,
      ],
    );
    return number;
  }

  /** For a report staff recorded: the local date received and who recorded it (a staff id); null for other reports. */
  async offlineReceipt(m: Db, caseId: string): Promise<{ receivedOn: string; recordedBy: string | null } | null> {
    const [row]: { received_on: string; recorded_by: string | null }[] = await m.query(
      `SELECT to_char(c.received_on, 'YYYY-MM-DD') AS received_on, c.recorded_by FROM cases c WHERE c.id = $1 AND c.received_on IS NOT NULL`,
      [caseId],
    );
    return row ? { receivedOn: row.received_on, recordedBy: row.recorded_by } : null;
  }

  async findByReceiptLookup(m: Db, lookup: Buffer): Promise<{ id: string; reporterSalt: Buffer; reporterContentKey: Buffer } | null> {
    const [row]: { id: string; reporter_salt: Buffer; reporter_content_key: Buffer }[] = await m.query(`SELECT id, reporter_salt, reporter_content_key FROM cases WHERE receipt_lookup = $1`, [lookup]);
    return row ? { id: row.id, reporterSalt: row.reporter_salt, reporterContentKey: row.reporter_content_key } : null;
  }

  async idById(m: Db, id: string): Promise<string | null> {
    const [row]: { id: string }[] = await m.query(`SELECT id FROM cases WHERE id = $1`, [id]);
    return row?.id ?? null;
  }

  async idByNumber(m: Db, number: string): Promise<string | null> {
    const [row]: { id: string }[] = await m.query(`SELECT id FROM cases WHERE number = $1`, [number]);
    return row?.id ?? null;
  }

  async exists(m: Db, caseId: string): Promise<boolean> {
    const [here] = await m.query(`SELECT 1 FROM cases WHERE id = $1`, [caseId]);
    return !!here;
  }

  async report(m: Db, caseId: string): Promise<Buffer> {
    const [row]: { report: Buffer }[] = await m.query(`SELECT report FROM cases WHERE id = $1`, [caseId]);
    return row.report;
  }

  async numberOf(m: Db, caseId: string): Promise<string | null> {
    const [row]: { number: string }[] = await m.query(`SELECT number FROM cases WHERE id = $1`, [caseId]);
    return row?.number ?? null;
  }

  async isAnonymous(m: Db, caseId: string): Promise<boolean> {
    const [c]: { anonymous: boolean }[] = await m.query(`SELECT anonymous FROM cases WHERE id = $1`, [caseId]);
    return c.anonymous;
  }

  /** The last message time of one side, which also marks the case as updated. */
  async touchLastMessage(m: Db, caseId: string, from: 'reporter' | 'inspectorate', at: Date): Promise<void> {
    const column = from === 'reporter' ? 'last_reporter_message_at' : 'last_inspectorate_message_at';
    await m.query(`UPDATE cases SET ${column} = $2, updated_at = $2 WHERE id = $1`, [caseId, at]);
  }

  /** Locks the case row until the transaction ends. */
  async lock(m: EntityManager, caseId: string): Promise<void> {
    await m.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
  }

  async record(m: Db, caseId: string): Promise<CaseRecord | null> {
    const [row]: CaseRecordRow[] = await m.query(
      `SELECT id, number, status, outcome, track, closing_summary, duplicate_of,
              (SELECT d.number FROM cases d WHERE d.id = cases.duplicate_of) AS duplicate_of_number,
              category_code, opd_code, channel, anonymous, submitted_at
         FROM cases WHERE id = $1`,
      [caseId],
    );
    return row ? toRecord(row) : null;
  }

  /** The case's status and OPD (for conflicts of interest), locked for an assignment when asked. */
  async statusAndOpd(m: Db, caseId: string, lock: boolean): Promise<{ status: string; opdCode: string | null } | null> {
    const [row]: { status: string; opd_code: string | null }[] = await m.query(`SELECT status, opd_code FROM cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [caseId]);
    return row ? { status: row.status, opdCode: row.opd_code } : null;
  }

  async stage(m: Db, caseId: string): Promise<{ number: string; status: CaseStatus; track: Track | null } | null> {
    const [row]: { number: string; status: CaseStatus; track: Track | null }[] = await m.query(`SELECT number, status, track FROM cases WHERE id = $1`, [caseId]);
    return row ?? null;
  }

  /** Locks the case for a status change. */
  async lockForMove(m: EntityManager, caseId: string): Promise<{ status: CaseStatus; track: Track | null; categoryCode: string; submittedAt: Date } | null> {
    const [row]: { status: CaseStatus; track: Track | null; category_code: string; submitted_at: Date }[] = await m.query(
      `SELECT status, track, category_code, submitted_at FROM cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    return row ? { status: row.status, track: row.track, categoryCode: row.category_code, submittedAt: row.submitted_at } : null;
  }

  /**
   * Writes a move onto the case. Retention runs from the closing, by the outcome's policy (read
   * from the periods retention publishes); a reopened case has none.
   */
  async applyMove(m: EntityManager, caseId: string, move: CaseMove): Promise<void> {
    await m.query(
      `UPDATE cases SET status = $2, outcome = $3, track = $4, closing_summary = $5, duplicate_of = $6, updated_at = $7, retention_noticed_for = NULL,
              retain_until = CASE WHEN $2 = 'closed' THEN $7::timestamptz + make_interval(years => (SELECT years FROM retention_periods WHERE outcome = $3)) END
        WHERE id = $1`,
      [caseId, move.to, move.outcome, move.track, move.closingSummary, move.duplicateOf, move.at],
    );
  }

  /** Remembers when this member opened the case; returns the time they opened it before (null the first time). */
  async markRead(m: Db, caseId: string, staffId: string, at: Date): Promise<Date | null> {
    const [read]: { previous: Date | null }[] = await m.query(
      `WITH old AS (SELECT read_at FROM case_reads WHERE case_id = $1 AND staff_id = $2),
            upd AS (INSERT INTO case_reads (case_id, staff_id, read_at) VALUES ($1, $2, $3)
                    ON CONFLICT (case_id, staff_id) DO UPDATE SET read_at = EXCLUDED.read_at)
       SELECT (SELECT read_at FROM old) AS previous`,
      [caseId, staffId, at],
    );
    return read?.previous ?? null;
  }

  /** The cases linked to this one, oldest first. */
  links(m: Db, caseId: string): Promise<{ id: string; number: string }[]> {
    return m.query(
      `SELECT c.id, c.number FROM case_links l JOIN cases c ON c.id = CASE WHEN l.case_a = $1 THEN l.case_b ELSE l.case_a END
        WHERE l.case_a = $1 OR l.case_b = $1 ORDER BY c.submitted_at`,
      [caseId],
    );
  }

  /** False when the two were linked already. */
  async link(m: EntityManager, a: string, b: string, by: string, at: Date): Promise<boolean> {
    const inserted: unknown[] = await m.query(`INSERT INTO case_links (case_a, case_b, linked_by, linked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING case_a`, [a, b, by, at]);
    return inserted.length > 0;
  }

  /** Cases per status, all of them or those assigned to one member. */
  async countByStatus(staffId: string | null): Promise<{ status: string; n: number }[]> {
    const rows: { status: string; n: string }[] =
      staffId === null
        ? await this.db.query(`SELECT status, count(*) AS n FROM cases GROUP BY status`)
        : await this.db.query(`SELECT c.status, count(*) AS n FROM case_assignments a JOIN cases c ON c.id = a.case_id WHERE a.staff_id = $1 GROUP BY c.status`, [staffId]);
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  }

  /** Web and API reports per hour (epoch ms of the hour's start). */
  async publicSubmissionsByHour(from: Date, to: Date): Promise<Map<number, number>> {
    const rows: { hour: string; n: string }[] = await this.db.query(
      `SELECT floor(extract(epoch FROM submitted_at) / 3600)::bigint AS hour, count(*) AS n
         FROM cases WHERE submitted_at >= $1 AND submitted_at < $2 AND channel IN ('web', 'api')
        GROUP BY 1`,
      [from, to],
    );
    return new Map(rows.map((r) => [Number(r.hour) * 3_600_000, Number(r.n)]));
  }

  // ---- Status history

  /** Records a move; the reason is sealed afterwards under the entry's own id. */
  async addMove(m: EntityManager, caseId: string, move: { from: CaseStatus; to: CaseStatus; outcome: string | null; actorId: string; at: Date }): Promise<string> {
    const [{ id }]: { id: string }[] = await m.query(`INSERT INTO case_status_history (case_id, from_status, to_status, outcome, actor_staff_id, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
      caseId,
      move.from,
      move.to,
      move.outcome,
      move.actorId,
      move.at,
    ]);
    return id;
  }

  async setMoveReason(m: EntityManager, moveId: string, reason: Buffer): Promise<void> {
    await m.query(`UPDATE case_status_history SET reason = $2 WHERE id = $1`, [moveId, reason]);
  }

  /** The status history with who (a staff id) and why (still sealed), in order. */
  async history(m: Db, caseId: string): Promise<{ id: string; from: string | null; to: string; outcome: string | null; actorId: string | null; reason: Buffer | null; at: Date }[]> {
    const rows: { id: string; from_status: string | null; to_status: string; outcome: string | null; actor_staff_id: string | null; reason: Buffer | null; at: Date }[] = await m.query(
      `SELECT h.id, h.from_status, h.to_status, h.outcome, h.actor_staff_id, h.reason, h.at FROM case_status_history h
        WHERE h.case_id = $1 ORDER BY h.at, h.id`,
      [caseId],
    );
    return rows.map((r) => ({ id: r.id, from: r.from_status, to: r.to_status, outcome: r.outcome, actorId: r.actor_staff_id, reason: r.reason, at: r.at }));
  }

  async timeline(m: Db, caseId: string): Promise<{ status: string; at: Date }[]> {
    const rows: { to_status: string; at: Date }[] = await m.query(`SELECT to_status, at FROM case_status_history WHERE case_id = $1 ORDER BY at, id`, [caseId]);
    return rows.map((r) => ({ status: r.to_status, at: r.at }));
  }

  /**
   * Crypto-shredding of one case: every sealed key first, then the ciphertexts. `receiptLookup`
   * replaces the old one so the receipt stops finding the case.
   */
  async shred(m: EntityManager, caseId: string, receiptLookup: Buffer, at: Date): Promise<{ keysDestroyed: number; attachmentsDestroyed: number }> {
    const [{ keys }]: { keys: string }[] = await m.query(`WITH d AS (DELETE FROM case_keys WHERE case_id = $1 RETURNING 1) SELECT count(*) AS keys FROM d`, [caseId]);
    const [{ files }]: { files: string }[] = await m.query(`WITH d AS (DELETE FROM case_attachments WHERE case_id = $1 RETURNING 1) SELECT count(*) AS files FROM d`, [caseId]);
    await m.query(`DELETE FROM case_messages WHERE case_id = $1`, [caseId]);
    await m.query(`DELETE FROM case_notes WHERE case_id = $1`, [caseId]);
    await m.query(`DELETE FROM identity_requests WHERE case_id = $1`, [caseId]);
    await m.query(`UPDATE case_status_history SET reason = NULL WHERE case_id = $1 AND reason IS NOT NULL`, [caseId]);
    await m.query(`UPDATE case_assignments SET conflict_override = NULL WHERE case_id = $1 AND conflict_override IS NOT NULL`, [caseId]);
    await m.query(`UPDATE case_assignment_history SET reason = NULL WHERE case_id = $1 AND reason IS NOT NULL`, [caseId]);
    await m.query(
      `UPDATE cases SET report = '\\x'::bytea, title = NULL, closing_summary = NULL, identity = NULL, reporter_identity_key = NULL,
              reporter_content_key = '\\x'::bytea, receipt_lookup = $2, purged_at = $3
        WHERE id = $1`,
      [caseId, receiptLookup, at],
    );
    return { keysDestroyed: Number(keys), attachmentsDestroyed: Number(files) };
  }
}
