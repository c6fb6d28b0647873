import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { FieldError, Forbidden, ValidationFailed } from '../platform/http/domain-error';
import { Role, StaffDirectory } from '../staff';
import type { StaffRef } from '../staff';
import { AuditService } from './audit.service';
import { CaseDirectory, parseCaseReference } from '../cases';
import { AuditLogEntry, AuditLogFilter, AuditLogRepository } from './audit-log.repository';

export interface AuditFilters {
  actor?: string;
  action?: string;
  case?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** An entry with the actor's address and the case's number beside it, as the audit pages show it. */
export interface AuditRow extends AuditLogEntry {
  actorEmail: string | null;
  caseNumber: string | null;
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
    private readonly log: AuditLogRepository,
    private readonly staff: StaffDirectory,
    private readonly cases: CaseDirectory,
  ) {}

  async page(me: StaffRef, f: AuditFilters): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
    assertReader(me);
    const limit = Math.min(Math.max(Number.isInteger(f.limit) ? f.limit! : 50, 1), 200);
    const filter = await this.filter(f);
    if (f.cursor !== undefined && f.cursor !== '') {
      if (!/^\d{1,19}$/.test(f.cursor)) throw new ValidationFailed([{ field: 'cursor', message: 'audit.cursor_invalid' }]);
      filter.before = f.cursor;
    }
    const rows = await this.rows(filter, limit + 1);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** The filtered entries as CSV (newest first, at most CSV_MAX_ROWS), recorded as an export. */
  async csv(me: StaffRef, f: AuditFilters): Promise<string> {
    assertReader(me);
    const filter = await this.filter(f);
    await this.audit.record(this.db.manager, {
      actor: { type: 'staff', id: me.id },
      action: 'audit.exported',
      detail: { format: 'csv', filters: Object.fromEntries(Object.entries({ actor: f.actor, action: f.action, case: f.case, from: f.from, to: f.to }).filter(([, v]) => v)) },
    });
    const rows = await this.rows(filter, CSV_MAX_ROWS);
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
    const [names, numbers] = await Promise.all([this.staff.namesOf(wanted), this.cases.numbersOf(wanted)]);
    return new Map([...names, ...numbers]);
  }

  /** The last chained entry of each of the last `days` local days that had entries. */
  async chainHeads(me: StaffRef, days = 14): Promise<ChainHead[]> {
    assertReader(me);
    return (await this.log.chainHeads(this.config.tzName, days)).slice(0, days);
  }

  /** Checks each filter, and turns a member's address and a case's number into their ids. */
  private async filter(f: AuditFilters): Promise<AuditLogFilter> {
    const filter: AuditLogFilter = { timeZone: this.config.tzName };
    const errors: FieldError[] = [];
    if (f.actor) {
      if (UUID.test(f.actor)) filter.actorId = f.actor;
      else if (/^[^@\s]+@[^@\s]+$/.test(f.actor)) filter.actorId = await this.staff.idOfEmail(f.actor.toLowerCase());
      else if (f.actor === 'reporter' || f.actor === 'system') filter.actorType = f.actor;
      else errors.push({ field: 'actor', message: 'audit.actor_invalid' });
    }
    if (f.action) {
      // `case` finds every `case.*` action; `case.viewed` only that one.
      if (/^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)?$/.test(f.action)) filter.action = f.action.includes('.') ? { exact: f.action } : { area: f.action };
      else errors.push({ field: 'action', message: 'audit.action_invalid' });
    }
    if (f.case) {
      // A case's entries, and the inbox pages that listed it (one entry names every case shown).
      // Named the way people name cases (src/cases/case-reference.ts), or by its id.
      const ref = parseCaseReference(f.case);
      if (!ref) errors.push({ field: 'case', message: 'audit.case_invalid' });
      else filter.caseId = 'id' in ref ? ref.id : await this.cases.idOfNumber(ref.number);
    }
    for (const field of ['from', 'to'] as const) {
      const value = f[field];
      if (!value) continue;
      if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) errors.push({ field, message: 'audit.date_invalid' });
      else filter[field] = value;
    }
    if (f.from && f.to && DAY.test(f.from) && DAY.test(f.to) && f.from > f.to) errors.push({ field: 'to', message: 'audit.period_invalid' });
    if (errors.length) throw new ValidationFailed(errors);
    return filter;
  }

  /** The entries, with each actor's address and each case's number: one read of each per page. */
  private async rows(filter: AuditLogFilter, limit: number): Promise<AuditRow[]> {
    const entries = await this.log.entries(filter, limit);
    const [contacts, numbers] = await Promise.all([
      this.staff.contactsOf(entries.flatMap((e) => (e.actorId ? [e.actorId] : []))),
      this.cases.numbersOf(entries.flatMap((e) => (e.caseId ? [e.caseId] : []))),
    ]);
    return entries.map((e) => ({ ...e, actorEmail: (e.actorId ? contacts.get(e.actorId)?.email : undefined) ?? null, caseNumber: (e.caseId ? numbers.get(e.caseId) : undefined) ?? null }));
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
