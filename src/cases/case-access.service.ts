import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CryptoService } from '../platform/crypto';
import { Forbidden } from '../platform/http/domain-error';
import { AuthService } from '../staff/auth.service';
import { Role } from '../staff/role';
import { hasRole, StaffRef } from '../staff/staff-ref';
import { CaseNotFound } from './cases.errors';

/**
 * The one gate for reading case content (issue 2 / DESIGN.md §4): checks the role, then unseals
 * the content key sealed to this staff member, using the private key from their session. Without
 * a sealed key there is nothing to decrypt, whatever the role says.
 */
@Injectable()
export class CaseAccess {
  constructor(
    private readonly crypto: CryptoService,
    private readonly auth: AuthService,
  ) {}

  /**
   * Roles that may read case content. Inspectors join when assignment exists (they then read
   * only the cases sealed to them); admins, auditors and custodians alone never do.
   */
  static readonly CONTENT_ROLES = [Role.Supervisor];

  assertMayReadContent(me: StaffRef): void {
    if (!hasRole(me, ...CaseAccess.CONTENT_ROLES)) throw new Forbidden();
  }

  async contentKey(manager: EntityManager, me: StaffRef, caseId: string): Promise<Buffer> {
    this.assertMayReadContent(me);
    const rows: { sealed: Buffer | null; exists: boolean }[] = await manager.query(
      `SELECT k.sealed, true AS exists FROM cases c
         LEFT JOIN case_keys k ON k.case_id = c.id AND k.staff_id = $2 AND k.kind = 'content'
        WHERE c.id = $1`,
      [caseId, me.id],
    );
    if (!rows.length) throw new CaseNotFound();
    if (!rows[0].sealed) throw new Forbidden();
    return this.unseal(me, rows[0].sealed);
  }

  /** Unseals several case keys with one private-key unwrap (the inbox). */
  unsealMany(me: StaffRef, sealed: Buffer[]): Buffer[] {
    const privateKey = this.auth.privateKey(me);
    const publicKey = this.crypto.publicKeyOf(privateKey);
    try {
      return sealed.map((s) => this.crypto.openSealed(s, publicKey, privateKey));
    } finally {
      this.crypto.wipe(privateKey);
    }
  }

  private unseal(me: StaffRef, sealed: Buffer): Buffer {
    return this.unsealMany(me, [sealed])[0];
  }
}
