import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '../audit';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../platform/clock/clock';
import { CryptoService } from '../platform/crypto';
import { EventPublisher } from '../platform/events';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../platform/http/domain-error';
import { AuthService } from '../staff';
import { breaksCustodianRule, Role } from '../staff';
import { hasRole, StaffRef } from '../staff';
import { StaffService } from '../staff';
import { CaseAccess } from './case-access.service';
import type { ReporterIdentity } from './case.types';
import { CaseNotFound } from './cases.errors';
import { IdentityRequestDecided, IdentityRequested } from './events/case-events';
import { REASON_MAX } from './workflow/case-workflow';

/** One identity request as the referral document lists it. */
export interface IdentityRequestStep {
  requesterName: string;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'refused';
  deciderName: string | null;
  decidedAt: Date | null;
}

export interface IdentityRequestView {
  id: string;
  caseId: string;
  caseNumber: string;
  requesterName: string;
  justification: string;
  status: 'pending' | 'approved' | 'refused';
  decisionReason: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  /** For the custodian listing it: they made it or are assigned to its case, so may not decide it. */
  involved: boolean;
}

/**
 * Identity secrecy is cryptographic (DESIGN.md §4): the identity key Ki is sealed only to
 * custodians (and the reporter). An assigned inspector asks with a justification; a custodian
 * decides; on approval Ki is re-sealed to that inspector alone, from the custodian's session.
 */
@Injectable()
export class IdentityRequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: CaseAccess,
    private readonly auth: AuthService,
    private readonly staff: StaffService,
    private readonly crypto: CryptoService,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async request(me: StaffRef, caseId: string, justificationInput: unknown): Promise<{ id: string }> {
    if (!hasRole(me, Role.Inspector)) throw new Forbidden();
    const justification = typeof justificationInput === 'string' ? justificationInput.trim() : '';
    if (!justification) throw new ValidationFailed([{ field: 'justification', message: 'identity.justification_required' }]);
    if (justification.length > REASON_MAX) throw new ValidationFailed([{ field: 'justification', message: 'report.too_long', params: { max: REASON_MAX } }]);
    return this.db.transaction(async (m) => {
      const contentKey = await this.access.contentKey(m, me, caseId);
      try {
        const [assigned] = await m.query(`SELECT 1 FROM case_assignments WHERE case_id = $1 AND staff_id = $2`, [caseId, me.id]);
        if (!assigned) throw new Conflict('cases.not_assigned');
        const [c]: { anonymous: boolean }[] = await m.query(`SELECT anonymous FROM cases WHERE id = $1`, [caseId]);
        if (c.anonymous) throw new Conflict('identity.anonymous');
        const [held] = await m.query(`SELECT 1 FROM case_keys WHERE case_id = $1 AND staff_id = $2 AND kind = 'identity'`, [caseId, me.id]);
        if (held) throw new Conflict('identity.already_disclosed');
        const custodians = (await this.staff.keyHolders([Role.Custodian], m)).get(Role.Custodian)!;
        const id = randomUUID();
        const requestKey = this.crypto.randomKey();
        const inserted: unknown[] = await m.query(
          `INSERT INTO identity_requests (id, case_id, requester_id, request_key_wrapped, justification, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
          [
            id,
            caseId,
            me.id,
            this.crypto.encrypt(contentKey, requestKey, `identity-request:${id}:key`),
            this.crypto.encrypt(requestKey, Buffer.from(justification), `identity-request:${id}:justification`),
            this.clock.now(),
          ],
        );
        if (!inserted.length) throw new Conflict('identity.already_pending');
        for (const cu of custodians) {
          await m.query(`INSERT INTO identity_request_keys (request_id, staff_id, sealed) VALUES ($1, $2, $3)`, [id, cu.id, this.crypto.seal(requestKey, cu.publicKey)]);
        }
        this.crypto.wipe(requestKey);
        await this.events.publish(m, new IdentityRequested({ requestId: id, caseId, requesterId: me.id }));
        return { id };
      } finally {
        contentKey.fill(0);
      }
    });
  }

  /** For custodians: requests with their justification, never the case narrative. */
  async list(me: StaffRef, status: string = 'pending'): Promise<IdentityRequestView[]> {
    if (!hasRole(me, Role.Custodian)) throw new Forbidden();
    if (!['pending', 'approved', 'refused'].includes(status)) throw new ValidationFailed([{ field: 'status', message: 'cases.status_invalid' }]);
    const rows: RequestRow[] = await this.db.query(
      `SELECT r.id, r.case_id, c.number, s.name, r.justification, r.status, r.decision_reason, r.created_at, r.decided_at, k.sealed,
              (r.requester_id = $1 OR EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = r.case_id AND a.staff_id = $1)) AS involved
         FROM identity_requests r JOIN cases c ON c.id = r.case_id JOIN staff s ON s.id = r.requester_id
         LEFT JOIN identity_request_keys k ON k.request_id = r.id AND k.staff_id = $1
        WHERE r.status = $2 ORDER BY r.created_at LIMIT 200`,
      [me.id, status],
    );
    const sealed = rows.filter((r) => r.sealed);
    await this.audit.recordAll(
      this.db.manager,
      sealed.map((r) => ({ actor: { type: 'staff', id: me.id }, action: 'identity-request.justification-read', caseId: r.case_id, detail: { requestId: r.id } })),
    );
    const keys = new Map<string, Buffer>();
    if (sealed.length)
      this.access
        .unsealMany(
          me,
          sealed.map((r) => r.sealed!),
        )
        .forEach((k, i) => keys.set(sealed[i].id, k));
    return rows.map((r) => {
      const key = keys.get(r.id);
      const view = this.view(r, key);
      key?.fill(0);
      return view;
    });
  }

  async decide(me: StaffRef, requestId: string, approveInput: unknown, reasonInput: unknown): Promise<{ status: 'approved' | 'refused' }> {
    if (!hasRole(me, Role.Custodian)) throw new Forbidden();
    const approve = approveInput === true || approveInput === 'true' || approveInput === 'yes';
    if (!approve && !(approveInput === false || approveInput === 'false' || approveInput === 'no')) {
      throw new ValidationFailed([{ field: 'approve', message: 'identity.decision_required' }]);
    }
    const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
    if (!reason) throw new ValidationFailed([{ field: 'reason', message: 'identity.reason_required' }]);
    if (reason.length > REASON_MAX) throw new ValidationFailed([{ field: 'reason', message: 'report.too_long', params: { max: REASON_MAX } }]);
    // Custodian is held alone (DESIGN.md §4); an account made before that rule decides nothing.
    if (breaksCustodianRule(me.roles)) throw new Forbidden('identity.custodian_not_exclusive');
    return this.db.transaction(async (m) => {
      const [r]: { case_id: string; requester_id: string; status: string; sealed: Buffer | null; decider_assigned: boolean }[] = await m.query(
        `SELECT r.case_id, r.requester_id, r.status, k.sealed,
                EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = r.case_id AND a.staff_id = $2) AS decider_assigned
           FROM identity_requests r
           LEFT JOIN identity_request_keys k ON k.request_id = r.id AND k.staff_id = $2
          WHERE r.id = $1 FOR UPDATE OF r`,
        [requestId, me.id],
      );
      if (!r) throw new NotFound('identity.request_not_found');
      // Nobody judges their own request, nor one about a case they work on.
      if (r.requester_id === me.id || r.decider_assigned) throw new Forbidden('identity.decider_involved');
      if (r.status !== 'pending') throw new Conflict('identity.already_decided');
      if (!r.sealed) throw new Forbidden('identity.no_key');
      const now = this.clock.now();
      const [requestKey] = this.access.unsealMany(me, [r.sealed]);
      if (approve) {
        // Re-seal Ki to the requester only, from this custodian's own sealed copy.
        const [own]: { sealed: Buffer }[] = await m.query(`SELECT sealed FROM case_keys WHERE case_id = $1 AND staff_id = $2 AND kind = 'identity'`, [r.case_id, me.id]);
        if (!own) throw new Forbidden('identity.no_key');
        const [requester]: { public_key: Buffer; active: boolean }[] = await m.query(`SELECT public_key, active FROM staff WHERE id = $1`, [r.requester_id]);
        const [assigned] = await m.query(`SELECT 1 FROM case_assignments WHERE case_id = $1 AND staff_id = $2`, [r.case_id, r.requester_id]);
        if (!requester?.active || !assigned) throw new Conflict('identity.requester_not_assigned');
        const [identityKey] = this.access.unsealMany(me, [own.sealed]);
        await m.query(`INSERT INTO case_keys (case_id, staff_id, kind, sealed, granted_at, granted_by) VALUES ($1, $2, 'identity', $3, $4, $5)`, [
          r.case_id,
          r.requester_id,
          this.crypto.seal(identityKey, requester.public_key),
          now,
          me.id,
        ]);
        identityKey.fill(0);
      }
      await m.query(`UPDATE identity_requests SET status = $2, decided_by = $3, decision_reason = $4, decided_at = $5 WHERE id = $1`, [
        requestId,
        approve ? 'approved' : 'refused',
        me.id,
        this.crypto.encrypt(requestKey, Buffer.from(reason), `identity-request:${requestId}:decision`),
        now,
      ]);
      requestKey.fill(0);
      await this.events.publish(m, new IdentityRequestDecided({ requestId, caseId: r.case_id, requesterId: r.requester_id, approved: approve, decidedBy: me.id }));
      return { status: approve ? 'approved' : 'refused' };
    });
  }

  /**
   * The reporter's identity, shown only through an approved request of this member's own for this
   * case (DESIGN.md §4): holding the identity key is not enough. A custodian's copy of the key is
   * for re-sealing on approval, never for reading; an account made before custodian became
   * exclusive may hold both a copy and a case role, and still sees nothing without its own request.
   * So every disclosure is an approved request, and the reporter's page lists each one.
   */
  async identityFor(me: StaffRef, caseId: string): Promise<ReporterIdentity | null> {
    if (hasRole(me, Role.Custodian)) return null;
    const [row]: { sealed: Buffer; identity: Buffer | null }[] = await this.db.query(
      `SELECT k.sealed, c.identity FROM case_keys k JOIN cases c ON c.id = k.case_id
        WHERE k.case_id = $1 AND k.staff_id = $2 AND k.kind = 'identity'
          AND EXISTS (SELECT 1 FROM identity_requests r WHERE r.case_id = $1 AND r.requester_id = $2 AND r.status = 'approved')`,
      [caseId, me.id],
    );
    if (!row?.identity) return null;
    await this.audit.record(this.db.manager, { actor: { type: 'staff', id: me.id }, action: 'identity.revealed', caseId });
    const [ki] = this.access.unsealMany(me, [row.sealed]);
    try {
      return this.crypto.decryptJson<ReporterIdentity>(ki, row.identity, `case:${caseId}:identity`);
    } finally {
      ki.fill(0);
    }
  }

  /** For case readers: the requests on a case, justification readable through the case key. */
  async forCase(me: StaffRef, caseId: string): Promise<IdentityRequestView[]> {
    const m = this.db.manager;
    const contentKey = await this.access.contentKey(m, me, caseId);
    try {
      const rows: (RequestRow & { request_key_wrapped: Buffer })[] = await m.query(
        `SELECT r.id, r.case_id, c.number, s.name, r.justification, r.status, r.decision_reason, r.created_at, r.decided_at, r.request_key_wrapped, NULL AS sealed,
                false AS involved
           FROM identity_requests r JOIN cases c ON c.id = r.case_id JOIN staff s ON s.id = r.requester_id
          WHERE r.case_id = $1 ORDER BY r.created_at`,
        [caseId],
      );
      return rows.map((r) => {
        const key = this.crypto.decrypt(contentKey, r.request_key_wrapped, `identity-request:${r.id}:key`);
        const view = this.view(r, key);
        key.fill(0);
        return view;
      });
    } finally {
      contentKey.fill(0);
    }
  }

  /**
   * Who asked for the reporter's identity, when, and how it was decided, by whom: metadata only
   * (no justification, no reason, no identity), for the referral document.
   */
  async requestHistory(caseId: string): Promise<IdentityRequestStep[]> {
    const rows: { requester: string; created_at: Date; status: IdentityRequestStep['status']; decider: string | null; decided_at: Date | null }[] = await this.db.query(
      `SELECT s.name AS requester, r.created_at, r.status, d.name AS decider, r.decided_at
         FROM identity_requests r JOIN staff s ON s.id = r.requester_id LEFT JOIN staff d ON d.id = r.decided_by
        WHERE r.case_id = $1 ORDER BY r.created_at, r.id`,
      [caseId],
    );
    return rows.map((r) => ({ requesterName: r.requester, requestedAt: r.created_at, status: r.status, deciderName: r.decider, decidedAt: r.decided_at }));
  }

  /** When the reporter's identity was disclosed, for the reporter's own page. */
  async disclosures(caseId: string): Promise<Date[]> {
    const rows: { decided_at: Date }[] = await this.db.query(`SELECT decided_at FROM identity_requests WHERE case_id = $1 AND status = 'approved' ORDER BY decided_at`, [caseId]);
    return rows.map((r) => r.decided_at);
  }

  private view(r: RequestRow, key: Buffer | undefined): IdentityRequestView {
    if (!r.case_id) throw new CaseNotFound();
    return {
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.number,
      requesterName: r.name,
      justification: key ? this.crypto.decrypt(key, r.justification, `identity-request:${r.id}:justification`).toString('utf8') : '',
      status: r.status,
      decisionReason: key && r.decision_reason ? this.crypto.decrypt(key, r.decision_reason, `identity-request:${r.id}:decision`).toString('utf8') : null,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
      involved: r.involved,
    };
  }
}

interface RequestRow {
  id: string;
  case_id: string;
  number: string;
  name: string;
  justification: Buffer;
  status: 'pending' | 'approved' | 'refused';
  decision_reason: Buffer | null;
  created_at: Date;
  decided_at: Date | null;
  sealed: Buffer | null;
  involved: boolean;
}
