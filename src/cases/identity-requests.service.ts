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
import { StaffDirectory, StaffService } from '../staff';
import { CaseAssignmentsRepository } from './case-assignments.repository';
import { CasesRepository } from './cases.repository';
import { IdentityRequestsRepository, SealedIdentityRequest } from './identity-requests.repository';
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
    private readonly requests: IdentityRequestsRepository,
    private readonly assignments: CaseAssignmentsRepository,
    private readonly cases: CasesRepository,
    private readonly directory: StaffDirectory,
  ) {}

  async request(me: StaffRef, caseId: string, justificationInput: unknown): Promise<{ id: string }> {
    if (!hasRole(me, Role.Inspector)) throw new Forbidden();
    const justification = typeof justificationInput === 'string' ? justificationInput.trim() : '';
    if (!justification) throw new ValidationFailed([{ field: 'justification', message: 'identity.justification_required' }]);
    if (justification.length > REASON_MAX) throw new ValidationFailed([{ field: 'justification', message: 'report.too_long', params: { max: REASON_MAX } }]);
    return this.db.transaction(async (m) => {
      const contentKey = await this.access.contentKey(m, me, caseId);
      try {
        if (!(await this.assignments.isAssigned(m, caseId, me.id))) throw new Conflict('cases.not_assigned');
        if (await this.cases.isAnonymous(m, caseId)) throw new Conflict('identity.anonymous');
        if (await this.assignments.holdsIdentityKey(m, caseId, me.id)) throw new Conflict('identity.already_disclosed');
        const custodians = (await this.staff.keyHolders([Role.Custodian], m)).get(Role.Custodian)!;
        const id = randomUUID();
        const requestKey = this.crypto.randomKey();
        const created = await this.requests.create(m, {
          id,
          caseId,
          requesterId: me.id,
          requestKeyWrapped: this.crypto.encrypt(contentKey, requestKey, `identity-request:${id}:key`),
          justification: this.crypto.encrypt(requestKey, Buffer.from(justification), `identity-request:${id}:justification`),
          at: this.clock.now(),
        });
        if (!created) throw new Conflict('identity.already_pending');
        for (const cu of custodians) {
          await this.requests.addKey(m, id, cu.id, this.crypto.seal(requestKey, cu.publicKey));
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
    const rows = await this.requests.listFor(me.id, status);
    const names = await this.directory.namesOf(rows.map((r) => r.requesterId));
    const sealed = rows.filter((r) => r.sealed);
    await this.audit.recordAll(
      this.db.manager,
      sealed.map((r) => ({ actor: { type: 'staff', id: me.id }, action: 'identity-request.justification-read', caseId: r.caseId, detail: { requestId: r.id } })),
    );
    const keys = this.access.unsealByRow(me, sealed);
    return rows.map((r) => {
      const key = keys.get(r.id);
      const view = this.view(r, names, key);
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
      const r = await this.requests.lockForDecision(m, requestId, me.id);
      if (!r) throw new NotFound('identity.request_not_found');
      // Nobody judges their own request, nor one about a case they work on.
      if (r.requesterId === me.id || r.deciderAssigned) throw new Forbidden('identity.decider_involved');
      if (r.status !== 'pending') throw new Conflict('identity.already_decided');
      if (!r.sealed) throw new Forbidden('identity.no_key');
      const now = this.clock.now();
      const [requestKey] = this.access.unsealMany(me, [r.sealed]);
      if (approve) {
        // Re-seal Ki to the requester only, from this custodian's own sealed copy.
        const own = await this.assignments.identityKeyOf(m, r.caseId, me.id);
        if (!own) throw new Forbidden('identity.no_key');
        const requester = await this.directory.sealingKeyOf(r.requesterId, m);
        const assigned = await this.assignments.isAssigned(m, r.caseId, r.requesterId);
        if (!requester?.active || !assigned) throw new Conflict('identity.requester_not_assigned');
        const [identityKey] = this.access.unsealMany(me, [own]);
        await this.assignments.grantIdentityKey(m, { caseId: r.caseId, staffId: r.requesterId, sealed: this.crypto.seal(identityKey, requester.publicKey), at: now, by: me.id });
        identityKey.fill(0);
      }
      await this.requests.decide(m, requestId, {
        status: approve ? 'approved' : 'refused',
        by: me.id,
        reason: this.crypto.encrypt(requestKey, Buffer.from(reason), `identity-request:${requestId}:decision`),
        at: now,
      });
      requestKey.fill(0);
      await this.events.publish(m, new IdentityRequestDecided({ requestId, caseId: r.caseId, requesterId: r.requesterId, approved: approve, decidedBy: me.id }));
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
    const row = await this.requests.disclosedIdentity(caseId, me.id);
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
      const rows = await this.requests.forCase(m, caseId);
      const names = await this.directory.namesOf(
        rows.map((r) => r.requesterId),
        m,
      );
      return rows.map((r) => {
        const key = this.crypto.decrypt(contentKey, r.requestKeyWrapped, `identity-request:${r.id}:key`);
        const view = this.view(r, names, key);
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
    const rows = await this.requests.history(caseId);
    const names = await this.directory.namesOf(rows.flatMap((r) => (r.deciderId ? [r.requesterId, r.deciderId] : [r.requesterId])));
    return rows.map((r) => ({
      requesterName: names.get(r.requesterId) ?? '',
      requestedAt: r.createdAt,
      status: r.status,
      deciderName: r.deciderId ? (names.get(r.deciderId) ?? null) : null,
      decidedAt: r.decidedAt,
    }));
  }

  /** When the reporter's identity was disclosed, for the reporter's own page. */
  async disclosures(caseId: string): Promise<Date[]> {
    return this.requests.approvedAt(caseId);
  }

  private view(r: SealedIdentityRequest, names: Map<string, string>, key: Buffer | undefined): IdentityRequestView {
    if (!r.caseId) throw new CaseNotFound();
    return {
      id: r.id,
      caseId: r.caseId,
      caseNumber: r.caseNumber,
      requesterName: names.get(r.requesterId) ?? '',
      justification: key ? this.crypto.decrypt(key, r.justification, `identity-request:${r.id}:justification`).toString('utf8') : '',
      status: r.status,
      decisionReason: key && r.decisionReason ? this.crypto.decrypt(key, r.decisionReason, `identity-request:${r.id}:decision`).toString('utf8') : null,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      involved: r.involved,
    };
  }
}
