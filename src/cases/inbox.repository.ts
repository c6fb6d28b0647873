import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { preparedShape } from '../platform/database/prepared-query';
import type { CaseStatus } from './case.types';
import type { CaseLabel } from './labels/labels.service';

/** The inbox's filters, already checked by CasesService.inbox. */
export interface InboxSelection {
  staffId: string;
  /** Supervisors walk all cases; anyone else only the cases assigned to them. */
  allCases: boolean;
  /** Rows to read: the page's size plus one, to know whether a next page exists. */
  limit: number;
  status?: string;
  category?: string;
  opd?: string;
  channel?: string;
  /** An inspector's id, or `none` for cases nobody is assigned to yet. */
  assignee?: string;
  label?: string;
  /** A case number in its canonical form. */
  number?: string | null;
  /** Only cases with an SLA deadline before this instant. */
  overdueAt?: Date | null;
  oldestFirst: boolean;
  /** The keyset cursor: the last row of the previous page. */
  after?: { at: Date; id: string } | null;
}

/** One inbox row as the database gives it, its assignees and labels included. */
export interface InboxRow {
  id: string;
  number: string;
  category_code: string;
  opd_code: string | null;
  status: CaseStatus;
  channel: string;
  anonymous: boolean;
  submitted_at: Date;
  last_reporter_message_at: Date | null;
  received_on: string | null;
  read_at: Date | null;
  verification_due_at: Date | null;
  investigation_due_at: Date | null;
  title: Buffer | null;
  /** Only fetched for old cases without a separate title. */
  report: Buffer | null;
  sealed: Buffer | null;
  /** In the order they were assigned. */
  assignees: { id: string; name: string }[];
  /** By name. */
  labels: CaseLabel[];
}

/**
 * The inbox page's SQL: one statement per page, whatever the columns (bench/inbox: each extra
 * round trip cost more than the page's own index walk at 10 connections). The per-row columns
 * (deadlines, assignees, labels) are subselects on the row's case id, so they run only for the
 * rows the LIMIT lets through and the page stays driven by the (submitted_at, id) index. Each
 * combination of filters is a prepared statement: planning it cost more than running it.
 */
@Injectable()
export class InboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(q: InboxSelection): Promise<InboxRow[]> {
    // The row count is written into the text, not passed: with LIMIT as a parameter PostgreSQL
    // never settles on the prepared statement's generic plan and plans the page on every call.
    if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > 1000) throw new RangeError(`inbox limit ${q.limit}`);
    const params: unknown[] = [q.staffId];
    const where = ['true'];
    if (q.status) where.push(`c.status = $${params.push(q.status)}`);
    if (q.category) where.push(`c.category_code = $${params.push(q.category)}`);
    if (q.opd) where.push(`c.opd_code = $${params.push(q.opd)}`);
    if (q.channel) where.push(`c.channel = $${params.push(q.channel)}`);
    if (q.assignee === 'none') where.push(`NOT EXISTS (SELECT 1 FROM case_assignments x WHERE x.case_id = c.id)`);
    else if (q.assignee) where.push(`EXISTS (SELECT 1 FROM case_assignments x WHERE x.case_id = c.id AND x.staff_id = $${params.push(q.assignee)})`);
    if (q.label) where.push(`EXISTS (SELECT 1 FROM case_label_assignments x WHERE x.case_id = c.id AND x.label_id = $${params.push(q.label)})`);
    // The unique index on number: one row, whatever the other filters.
    if (q.number) where.push(`c.number = $${params.push(q.number)}`);
    if (q.overdueAt) where.push(`EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.due_at < $${params.push(q.overdueAt)})`);
    // Both directions walk the same (submitted_at, id) indexes, forwards or backwards.
    if (q.after) where.push(`(c.submitted_at, c.id) ${q.oldestFirst ? '>' : '<'} ($${params.push(q.after.at)}, $${params.push(q.after.id)})`);
    const from = visibleCases(q.allCases);
    const dir = q.oldestFirst ? 'ASC' : 'DESC';
    return preparedShape<InboxRow>(
      this.db,
      'wbs_inbox',
      `SELECT c.id, c.number, c.category_code, c.opd_code, c.status, c.channel, c.anonymous, c.submitted_at,
              c.last_reporter_message_at, c.title, to_char(c.received_on, 'YYYY-MM-DD') AS received_on,
              -- Two primary-key look-ups: a min() here made the planner walk the whole due-time
              -- index for every row (measured by bench/inbox). The earlier one and its working
              -- days left are worked out by the service, for this page's rows only.
              (SELECT d.due_at FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'verification') AS verification_due_at,
              (SELECT d.due_at FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'investigation') AS investigation_due_at,
              -- Each list is aggregated only where a probe finds something to list: an ordered
              -- aggregate sets up a sort on every call, even over no rows, and that was a third of
              -- the page's own cost with lists mostly empty (bench/inbox: 730 → 500 µs of PostgreSQL CPU a page).
              CASE WHEN EXISTS (SELECT 1 FROM case_assignments x WHERE x.case_id = c.id)
                   THEN (SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY x.assigned_at, s.name)
                           FROM case_assignments x JOIN staff_names s ON s.id = x.staff_id WHERE x.case_id = c.id)
                   ELSE '[]' END AS assignees,
              CASE WHEN EXISTS (SELECT 1 FROM case_label_assignments x WHERE x.case_id = c.id)
                   THEN (SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'colour', l.colour) ORDER BY lower(l.name), l.id)
                           FROM case_label_assignments x JOIN case_labels l ON l.id = x.label_id WHERE x.case_id = c.id)
                   ELSE '[]' END AS labels,
              CASE WHEN c.title IS NULL THEN c.report END AS report, k.sealed, rd.read_at
         FROM ${from} LEFT JOIN case_keys k ON k.case_id = c.id AND k.staff_id = $1 AND k.kind = 'content'
         LEFT JOIN case_reads rd ON rd.case_id = c.id AND rd.staff_id = $1
        WHERE ${where.join(' AND ')}
        ORDER BY c.submitted_at ${dir}, c.id ${dir}
        LIMIT ${q.limit}`,
      params,
    );
  }

  /** The id of the case with this (canonical) number among those the member may list; null if none. */
  async idOfNumber(staffId: string, allCases: boolean, number: string): Promise<string | null> {
    // ($1 only where the member's assignments narrow it: an unused parameter has no type.)
    const [row]: { id: string }[] = allCases
      ? await this.db.query(`SELECT c.id FROM cases c WHERE c.number = $1`, [number])
      : await this.db.query(`SELECT c.id FROM ${visibleCases(false)} WHERE c.number = $2`, [staffId, number]);
    return row?.id ?? null;
  }
}

/** The cases a member may list ($1: their id): all of them for a supervisor, else those assigned to them. */
function visibleCases(allCases: boolean): string {
  return allCases ? `cases c` : `case_assignments a JOIN cases c ON c.id = a.case_id AND a.staff_id = $1`;
}
