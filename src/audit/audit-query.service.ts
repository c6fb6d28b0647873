import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { FieldError, Forbidden, ValidationFailed } from '../platform/http/domain-error';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { AuditService } from './audit.service';
import { parseCaseReference } from '../cases';

export interface AuditFilters {
  actor?: string;
  action?: string;
  case?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditRow {
  id: string;
  seq: number | null;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  caseId: string | null;
  caseNumber: string | null;
  detail: Record<string, unknown>;
  hash: string | null;
}

export interface ChainHead {
  day: string;
  seq: number;
  hash: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CSV_MAX_ROWS = 100_000;

/**
 * The audit log for auditors and supervisors (DESIGN.md §7): filtered, newest first, keyset
 * pages; CSV export (itself audited); the chain head at the end of each recent day, to be
 * written down or sent elsewhere so a rewritten log cannot pass as the original.
 */
@Injectable()
export class AuditQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async page(me: StaffRef, f: AuditFilters): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
    assertReader(me);
    const limit = Math.min(Math.max(Number.isInteger(f.limit) ? f.limit! : 50, 1), 200);
    const { where, params } = await this.filter(f);
    if (f.cursor !== undefined && f.cursor !== '') {
      if (!/^\d{1,19}$/.test(f.cursor)) throw new ValidationFailed([{ field: 'cursor', message: 'audit.cursor_invalid' }]);
      where.push(`a.id < $${params.push(f.cursor)}`);
    }
    const rows = await this.rows(where, params, limit + 1);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** The filtered entries as CSV (newest first, at most CSV_MAX_ROWS), recorded as an export. */
  async csv(me: StaffRef, f: AuditFilters): Promise<string> {
    assertReader(me);
    const { where, params } = await this.filter(f);
    await this.audit.record(this.db.manager, {
      actor: { type: 'staff', id: me.id },
      action: 'audit.exported',
      detail: { format: 'csv', filters: Object.fromEntries(Object.entries({ actor: f.actor, action: f.action, case: f.case, from: f.from, to: f.to }).filter(([, v]) => v)) },
    });
    const rows = await this.rows(where, params, CSV_MAX_ROWS);
    const head = ['seq', 'at', 'actor_type', 'actor_id', 'actor_email', 'action', 'case_id', 'case_number', 'detail', 'hash'];
    const lines = rows.map((r) =>
      [r.seq ?? '', r.at.toISOString(), r.actorType, r.actorId ?? '', r.actorEmail ?? '', r.action, r.caseId ?? '', r.caseNumber ?? '', JSON.stringify(r.detail), r.hash ?? ''].map(csvCell).join(','),
    );
    return [head.join(','), ...lines].join('\r\n') + '\r\n';
  }

  /** Staff names and case numbers for the given ids (those that name neither are left out). */
  async namesOf(me: StaffRef, ids: string[]): Promise<Map<string, string>> {
    assertReader(me);
    const wanted = ids.filter((id) => UUID.test(id));
    if (wanted.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.db.query(
      `SELECT id::text, name FROM staff WHERE id = ANY($1::uuid[]) UNION ALL SELECT id::text, number FROM cases WHERE id = ANY($1::uuid[])`,
      [wanted],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The last chained entry of each of the last `days` local days that had entries. */
  async chainHeads(me: StaffRef, days = 14): Promise<ChainHead[]> {
    assertReader(me);
    const rows: { day: string; seq: string; hash: Buffer }[] = await this.db.query(
      `SELECT DISTINCT ON (day) day, seq, hash FROM (
         SELECT to_char(at AT TIME ZONE $1, 'YYYY-MM-DD') AS day, seq, hash FROM audit_log
          WHERE seq IS NOT NULL AND at >= now() - make_interval(days => $2::int + 1)
       ) x ORDER BY day DESC, seq DESC`,
      [this.config.tzName, days],
    );
    return rows.slice(0, days).map((r) => ({ day: r.day, seq: Number(r.seq), hash: r.hash.toString('hex') }));
  }

  private async filter(f: AuditFilters): Promise<{ where: string[]; params: unknown[] }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const errors: FieldError[] = [];
    if (f.actor) {
      if (UUID.test(f.actor)) where.push(`a.actor_id = $${params.push(f.actor)}`);
      else if (/^[^@\s]+@[^@\s]+$/.test(f.actor)) where.push(`a.actor_id = (SELECT id FROM staff WHERE email = $${params.push(f.actor.toLowerCase())})`);
      else if (f.actor === 'reporter' || f.actor === 'system') where.push(`a.actor_type = $${params.push(f.actor)}`);
      else errors.push({ field: 'actor', message: 'audit.actor_invalid' });
    }
    if (f.action) {
      if (/^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)?$/.test(f.action)) {
        // `case` finds every `case.*` action; `case.viewed` only that one.
        where.push(f.action.includes('.') ? `a.action = $${params.push(f.action)}` : `a.action LIKE $${params.push(`${f.action}.%`)}`);
      } else errors.push({ field: 'action', message: 'audit.action_invalid' });
    }
    if (f.case) {
      // A case's entries, and the inbox pages that listed it (one entry names every case shown).
      // Named the way people name cases (src/cases/case-reference.ts), or by its id.
      const ref = parseCaseReference(f.case);
      const id = !ref ? null : 'id' in ref ? `$${params.push(ref.id)}::uuid` : `(SELECT id FROM cases WHERE number = $${params.push(ref.number)})`;
      if (id) where.push(`(a.case_id = ${id} OR (a.action = 'case.titles-decrypted' AND strpos(a.detail, ${id}::text) > 0))`);
      else errors.push({ field: 'case', message: 'audit.case_invalid' });
    }
    for (const [field, value, op] of [
      ['from', f.from, '>='],
      ['to', f.to, '<'],
    ] as const) {
      if (!value) continue;
      if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
        errors.push({ field, message: 'audit.date_invalid' });
        continue;
      }
      // Local days of the inspectorate; `to` includes its whole day.
      const expr =
        op === '<'
          ? `(($${params.push(value)}::date + 1)::timestamp AT TIME ZONE $${params.push(this.config.tzName)})`
          : `($${params.push(value)}::date::timestamp AT TIME ZONE $${params.push(this.config.tzName)})`;
      where.push(`a.at ${op} ${expr}`);
    }
    if (f.from && f.to && DAY.test(f.from) && DAY.test(f.to) && f.from > f.to) errors.push({ field: 'to', message: 'audit.period_invalid' });
    if (errors.length) throw new ValidationFailed(errors);
    return { where, params };
  }

  private async rows(where: string[], params: unknown[], limit: number): Promise<AuditRow[]> {
    const rows: {
      id: string;
      seq: string | null;
      at: Date;
      actor_type: string;
      actor_id: string | null;
      email: string | null;
      action: string;
      case_id: string | null;
      number: string | null;
      detail: string;
      hash: Buffer | null;
    }[] = await this.db.query(
      `SELECT a.id, a.seq, a.at, a.actor_type, a.actor_id, s.email, a.action, a.case_id, c.number, a.detail, a.hash
           FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id LEFT JOIN cases c ON c.id = a.case_id
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
      actorEmail: r.email,
      action: r.action,
      caseId: r.case_id,
      caseNumber: r.number,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      hash: r.hash ? r.hash.toString('hex') : null,
    }));
  }
}

function assertReader(me: StaffRef): void {
  if (!me.roles.includes(Role.Auditor) && !me.roles.includes(Role.Supervisor)) throw new Forbidden();
}

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
function csvCell(value: unknown): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
