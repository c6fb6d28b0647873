import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CryptoService } from '../platform/crypto';
import { Forbidden } from '../platform/http/domain-error';
import { AuthService } from '../staff';
import { Role } from '../staff';
import { hasRole, StaffRef } from '../staff';
import { CaseAssignmentsRepository } from './case-assignments.repository';
import { CaseNotFound, CasePurged } from './cases.errors';
import { UnsealedKeyCache } from './unsealed-key-cache';

/**
 * The one gate for reading case content (DESIGN.md §4): checks the role and, for inspectors, the
 * assignment, then unseals the content key sealed to this staff member with the private key from
 * their session. Without a sealed key there is nothing to decrypt, whatever the role says.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly crypto: CryptoService,
    private readonly auth: AuthService,
    private readonly assignments: CaseAssignmentsRepository,
    private readonly unsealed: UnsealedKeyCache,
  ) {}

  /** Supervisors read every case sealed to them; inspectors only cases assigned to them. */
  static readonly CONTENT_ROLES = [Role.Supervisor, Role.Inspector];

  assertMayReadContent(me: StaffRef): void {
    if (!hasRole(me, ...CaseAccess.CONTENT_ROLES)) throw new Forbidden();
  }

  assertSupervisor(me: StaffRef): void {
    if (!hasRole(me, Role.Supervisor)) throw new Forbidden();
  }

  isSupervisor(me: StaffRef): boolean {
    return hasRole(me, Role.Supervisor);
  }

  /** The case content key for this member; 404 for a case that is not theirs to see. */
  async contentKey(manager: EntityManager, me: StaffRef, caseId: string): Promise<Buffer> {
    this.assertMayReadContent(me);
    const found = await this.assignments.accessOf(manager, caseId, me.id);
    if (!found) throw new CaseNotFound();
    // An inspector learns nothing, not even that the case exists, unless it is theirs.
    if (!this.isSupervisor(me) && !found.assigned) throw new CaseNotFound();
    if (found.purged) throw new CasePurged();
    if (!found.sealed) throw new Forbidden('cases.no_key');
    return this.unsealMany(me, [found.sealed])[0];
  }

  /** The keys of the rows that hold a sealed one, by row id, with one private-key unwrap for all (a list page). */
  unsealByRow(me: StaffRef, rows: readonly { id: string; sealed: Buffer | null }[]): Map<string, Buffer> {
    const sealed = rows.filter((r): r is { id: string; sealed: Buffer } => r.sealed !== null);
    const keys = new Map<string, Buffer>();
    if (sealed.length)
      this.unsealMany(
        me,
        sealed.map((r) => r.sealed),
      ).forEach((k, i) => keys.set(sealed[i].id, k));
    return keys;
  }

  /**
   * Unseals several case keys with at most one private-key unwrap: keys this session unsealed
   * lately come from the session's cache (UnsealedKeyCache), the rest are unsealed and kept there.
   */
  unsealMany(me: StaffRef, sealed: Buffer[]): Buffer[] {
    const cached = this.unsealed.forSession(me);
    try {
      const keys = sealed.map((s) => cached.get(s));
      const missing = keys.flatMap((k, i) => (k ? [] : [i]));
      if (missing.length === 0) return keys as Buffer[];
      const privateKey = this.auth.privateKey(me);
      try {
        const publicKey = this.crypto.publicKeyOf(privateKey);
        for (const i of missing) {
          const key = this.crypto.openSealed(sealed[i], publicKey, privateKey);
          cached.put(sealed[i], key);
          keys[i] = key;
        }
        return keys as Buffer[];
      } catch (e) {
        for (const k of keys) if (k) this.crypto.wipe(k);
        throw e;
      } finally {
        this.crypto.wipe(privateKey);
      }
    } finally {
      cached.wipe();
    }
  }
}
