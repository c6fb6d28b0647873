import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChainedFields } from './audit-chain';
import { preparedQuery } from '../platform/database/prepared-query';

/** An entry as the log stores it, the chain's columns included. */
export interface AuditLogEntry {
  id: string;
  seq: number | null;
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  caseId: string | null;
  detail: Record<string, unknown>;
  hash: string | null;
}

/** An entry to write, its fields as the chain will hash them; `detail` is already canonical JSON (audit-chain.ts). */
export type NewAuditRow = Omit<ChainedFields, 'seq'>;

/**
 * Which entries to list; every part left out matches all. The service has checked each part;
 * the days are local days of `timeZone`, `to` included.
 */
export interface AuditLogFilter {
  /** A staff member's entries; null: an address no member has, so none. */
  actorId?: string | null;
  actorType?: 'reporter' | 'system';
  /** One action (`case.viewed`), or every action of an area (`case` finds `case.*`). */
  action?: { exact: string } | { area: string };
  /** A case's entries and the inbox pages that listed it; null: a number no case has, so none. */
  caseId?: string | null;
  from?: string;
  to?: string;
  timeZone: string;
  /** Keyset paging: entries older than this id. */
  before?: string;
}

interface EntryRow {
  id: string;
  seq: string | null;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  case_id: string | null;
  detail: string;
  hash: Buffer | null;
}

/** The pg client itself, for raw array rows (the verifier reads millions of them). */
type RawClient = { query(q: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][] }> };

/** The audit_log table (DESIGN.md §7): written by AuditService, chained by AuditChainer, read by the audit pages and the verifier. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, rows: NewAuditRow[]): Promise<void> {
    // Every audited request writes here: prepared once per connection (one text for any number of rows).
    await preparedQuery(
      m,
      'wbs_audit_insert',
      `INSERT INTO audit_log (at, actor_type, actor_id, action, case_id, detail)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::text[])`,
      [rows.map((r) => r.at), rows.map((r) => r.actorType), rows.map((r) => r.actorId), rows.map((r) => r.action), rows.map((r) => r.caseId), rows.map((r) => r.detail)],
    );
  }

  /** Entries of each of `actions` from `from` (inclusive) to `to` (exclusive), by action; walks the `at` index. */
  async countActions(actions: readonly string[], from: Date, to: Date): Promise<Map<string, number>> {
    const rows: { action: string; n: string }[] = await this.db.query(`SELECT action, count(*) AS n FROM audit_log WHERE at >= $1 AND at < $2 AND action = ANY ($3::text[]) GROUP BY action`, [
      from,
      to,
      actions,
    ]);
    return new Map(rows.map((r) => [r.action, Number(r.n)]));
  }

  /**
   * Gives up to `limit` unchained entries, in id order, their place in the chain (sequence number,
   * previous hash, own hash) and returns how many: PostgreSQL's audit_log_chain computes the links
   * (migration AuditChainInDatabase1764300021400), so no entry travels to the server and back.
   */
  async chainNext(m: EntityManager, limit: number): Promise<number> {
    const [{ n }]: { n: number }[] = await m.query(`SELECT audit_log_chain($1) AS n`, [limit]);
    return n;
  }

  async countUnchained(): Promise<number> {
    const [{ n }]: { n: string }[] = await this.db.query(`SELECT count(*) AS n FROM audit_log WHERE seq IS NULL`);
    return Number(n);
  }

  /**
   * Runs `work` with a reader of the chain in sequence order: `page(from, limit)` gives raw array
   * rows [seq, at in the chain's ISO form, actor_type, actor_id, action, case_id, detail, hash in
   * hex], text columns only, so no row needs a Date or a Buffer parsed. The stored prev_hash is
   * not read: the verifier recomputes each link.
   */
  async readChain<T>(work: (page: (from: number, limit: number) => Promise<unknown[][]>) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    // The pg client itself: raw array rows, without TypeORM's per-row objects.
    const client = (await runner.connect()) as RawClient;
    const page = async (from: number, limit: number) =>
      (
        await client.query({
          text: `SELECT seq::text AS seq_text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), actor_type, actor_id::text, action, case_id::text, detail, encode(hash, 'hex')
                 FROM audit_log WHERE seq >= $1 ORDER BY audit_log.seq LIMIT $2`,
          values: [from, limit],
          rowMode: 'array',
        })
      ).rows;
    try {
      return await work(page);
    } finally {
      await runner.release();
    }
  }

  /** The last chained entry of each local day (of `timeZone`) among the last `days` + 1 days, newest day first. */
  async chainHeads(timeZone: string, days: number): Promise<{ day: string; seq: number; hash: string }[]> {
    const rows: { day: string; seq: string; hash: Buffer }[] = await this.db.query(
      `SELECT DISTINCT ON (day) day, seq, hash FROM (
         SELECT to_char(at AT TIME ZONE $1, 'YYYY-MM-DD') AS day, seq, hash FROM audit_log
          WHERE seq IS NOT NULL AND at >= now() - make_interval(days => $2::int + 1)
       ) x ORDER BY day DESC, seq DESC`,
      [timeZone, days],
    );
    return rows.map((r) => ({ day: r.day, seq: Number(r.seq), hash: r.hash.toString('hex') }));
  }

  /** The entries `f` matches, newest first, at most `limit`. */
  async entries(f: AuditLogFilter, limit: number): Promise<AuditLogEntry[]> {
    const { where, params } = whereOf(f);
    const rows: EntryRow[] = await this.db.query(
      `SELECT a.id, a.seq, a.at, a.actor_type, a.actor_id, a.action, a.case_id, a.detail, a.hash
           FROM audit_log a
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY a.id DESC LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      seq: r.seq === null ? null : Number(r.seq),
      at: r.at,
      actorType: r.actor_type,
      actorId: r.actor_id,
      action: r.action,
      caseId: r.case_id,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      hash: r.hash ? r.hash.toString('hex') : null,
    }));
  }
}

function whereOf(f: AuditLogFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.actorId !== undefined) where.push(`a.actor_id = $${params.push(f.actorId)}`);
  if (f.actorType) where.push(`a.actor_type = $${params.push(f.actorType)}`);
  if (f.action) where.push('exact' in f.action ? `a.action = $${params.push(f.action.exact)}` : `a.action LIKE $${params.push(`${f.action.area}.%`)}`);
  if (f.caseId !== undefined) {
    // One inbox page's entry names every case it showed.
    const id = `$${params.push(f.caseId)}::uuid`;
    where.push(`(a.case_id = ${id} OR (a.action = 'case.titles-decrypted' AND strpos(a.detail, ${id}::text) > 0))`);
  }
  // Local days of the inspectorate; `to` includes its whole day.
  if (f.from) where.push(`a.at >= ($${params.push(f.from)}::date::timestamp AT TIME ZONE $${params.push(f.timeZone)})`);
  if (f.to) where.push(`a.at < (($${params.push(f.to)}::date + 1)::timestamp AT TIME ZONE $${params.push(f.timeZone)})`);
  if (f.before !== undefined) where.push(`a.id < $${params.push(f.before)}`);
  return { where, params };
}
