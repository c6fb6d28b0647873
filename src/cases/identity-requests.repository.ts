import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

type Db = EntityManager | DataSource;

export type IdentityRequestStatus = 'pending' | 'approved' | 'refused';

/** One request as listed, its justification and decision still encrypted, its requester a staff id. */
export interface SealedIdentityRequest {
  id: string;
  caseId: string;
  caseNumber: string;
  requesterId: string;
  justification: Buffer;
  status: IdentityRequestStatus;
  decisionReason: Buffer | null;
  createdAt: Date;
  decidedAt: Date | null;
  /** The request key sealed to the custodian listing it (the custodians' listing only). */
  sealed: Buffer | null;
  involved: boolean;
}

interface RequestRow {
  id: string;
  case_id: string;
  number: string;
  requester_id: string;
  justification: Buffer;
  status: IdentityRequestStatus;
  decision_reason: Buffer | null;
  created_at: Date;
  decided_at: Date | null;
  sealed: Buffer | null;
  involved: boolean;
}

function toRequest(r: RequestRow): SealedIdentityRequest {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.number,
    requesterId: r.requester_id,
    justification: r.justification,
    status: r.status,
    decisionReason: r.decision_reason,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    sealed: r.sealed,
    involved: r.involved,
  };
}

/** Requests to disclose a reporter's identity (identity_requests) and their keys sealed to custodians (identity_request_keys). */
@Injectable()
export class IdentityRequestsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** False when the member already has a pending request for the case. */
  async create(m: EntityManager, r: { id: string; caseId: string; requesterId: string; requestKeyWrapped: Buffer; justification: Buffer; at: Date }): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO identity_requests (id, case_id, requester_id, request_key_wrapped, justification, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [r.id, r.caseId, r.requesterId, r.requestKeyWrapped, r.justification, r.at],
    );
    return inserted.length > 0;
  }

  async addKey(m: EntityManager, requestId: string, staffId: string, sealed: Buffer): Promise<void> {
    await m.query(`INSERT INTO identity_request_keys (request_id, staff_id, sealed) VALUES ($1, $2, $3)`, [requestId, staffId, sealed]);
  }

  /** The custodians' listing: requests in one status, with the request key sealed to this custodian and whether they are involved. */
  async listFor(custodianId: string, status: string): Promise<SealedIdentityRequest[]> {
    const rows: RequestRow[] = await this.db.query(
      `SELECT r.id, r.case_id, c.number, r.requester_id, r.justification, r.status, r.decision_reason, r.created_at, r.decided_at, k.sealed,
              (r.requester_id = $1 OR EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = r.case_id AND a.staff_id = $1)) AS involved
         FROM identity_requests r JOIN cases c ON c.id = r.case_id
         LEFT JOIN identity_request_keys k ON k.request_id = r.id AND k.staff_id = $1
        WHERE r.status = $2 ORDER BY r.created_at LIMIT 200`,
      [custodianId, status],
    );
    return rows.map(toRequest);
  }

  /** The case's requests, each with its request key wrapped under the case content key. */
  async forCase(m: Db, caseId: string): Promise<(SealedIdentityRequest & { requestKeyWrapped: Buffer })[]> {
    const rows: (RequestRow & { request_key_wrapped: Buffer })[] = await m.query(
      `SELECT r.id, r.case_id, c.number, r.requester_id, r.justification, r.status, r.decision_reason, r.created_at, r.decided_at, r.request_key_wrapped, NULL AS sealed,
              false AS involved
         FROM identity_requests r JOIN cases c ON c.id = r.case_id
        WHERE r.case_id = $1 ORDER BY r.created_at`,
      [caseId],
    );
    return rows.map((r) => ({ ...toRequest(r), requestKeyWrapped: r.request_key_wrapped }));
  }

  /** Locks a request for its decision, with the request key sealed to the deciding custodian and whether they work on the case. */
  async lockForDecision(
    m: EntityManager,
    requestId: string,
    deciderId: string,
  ): Promise<{ caseId: string; requesterId: string; status: string; sealed: Buffer | null; deciderAssigned: boolean } | null> {
    const [r]: { case_id: string; requester_id: string; status: string; sealed: Buffer | null; decider_assigned: boolean }[] = await m.query(
      `SELECT r.case_id, r.requester_id, r.status, k.sealed,
              EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = r.case_id AND a.staff_id = $2) AS decider_assigned
         FROM identity_requests r
         LEFT JOIN identity_request_keys k ON k.request_id = r.id AND k.staff_id = $2
        WHERE r.id = $1 FOR UPDATE OF r`,
      [requestId, deciderId],
    );
    return r ? { caseId: r.case_id, requesterId: r.requester_id, status: r.status, sealed: r.sealed, deciderAssigned: r.decider_assigned } : null;
  }

  async decide(m: EntityManager, requestId: string, d: { status: 'approved' | 'refused'; by: string; reason: Buffer; at: Date }): Promise<void> {
    await m.query(`UPDATE identity_requests SET status = $2, decided_by = $3, decision_reason = $4, decided_at = $5 WHERE id = $1`, [requestId, d.status, d.by, d.reason, d.at]);
  }

  /**
   * The identity key sealed to this member and the encrypted identity, only together with an
   * approved request of theirs for the case; null otherwise.
   */
  async disclosedIdentity(caseId: string, staffId: string): Promise<{ sealed: Buffer; identity: Buffer | null } | null> {
    const [row]: { sealed: Buffer; identity: Buffer | null }[] = await this.db.query(
      `SELECT k.sealed, c.identity FROM case_keys k JOIN cases c ON c.id = k.case_id
        WHERE k.case_id = $1 AND k.staff_id = $2 AND k.kind = 'identity'
          AND EXISTS (SELECT 1 FROM identity_requests r WHERE r.case_id = $1 AND r.requester_id = $2 AND r.status = 'approved')`,
      [caseId, staffId],
    );
    return row ?? null;
  }

  /** Who asked and who decided (staff ids), when and how: metadata only. */
  async history(caseId: string): Promise<{ requesterId: string; createdAt: Date; status: IdentityRequestStatus; deciderId: string | null; decidedAt: Date | null }[]> {
    const rows: { requester_id: string; created_at: Date; status: IdentityRequestStatus; decided_by: string | null; decided_at: Date | null }[] = await this.db.query(
      `SELECT r.requester_id, r.created_at, r.status, r.decided_by, r.decided_at
         FROM identity_requests r
        WHERE r.case_id = $1 ORDER BY r.created_at, r.id`,
      [caseId],
    );
    return rows.map((r) => ({ requesterId: r.requester_id, createdAt: r.created_at, status: r.status, deciderId: r.decided_by, decidedAt: r.decided_at }));
  }

  async approvedAt(caseId: string): Promise<Date[]> {
    const rows: { decided_at: Date }[] = await this.db.query(`SELECT decided_at FROM identity_requests WHERE case_id = $1 AND status = 'approved' ORDER BY decided_at`, [caseId]);
    return rows.map((r) => r.decided_at);
  }

  /** Whether the member has an approved request for the case. */
  async hasApproved(caseId: string, staffId: string): Promise<boolean> {
    const [approved] = await this.db.query(`SELECT 1 FROM identity_requests WHERE case_id = $1 AND requester_id = $2 AND status = 'approved' LIMIT 1`, [caseId, staffId]);
    return !!approved;
  }
}
