import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { WrappedKey } from '../platform/crypto';
import { preparedQuery } from '../platform/database/prepared-query';
import type { Role } from './role';
import { StaffEntity } from './staff.entity';

/** A staff account as stored, keys and secrets included: for the staff services, never for a view. */
export type StaffAccount = StaffEntity;

/** A new account: no two-step sign-in yet (those columns start empty). */
export type NewStaffAccount = Omit<StaffAccount, 'totpSecret' | 'totpEnrolledAt' | 'totpLastStep'>;

/** An active member who may receive sealed case keys. */
export interface KeyHolderRow {
  id: string;
  publicKey: Buffer;
  roles: Role[];
}

/** The staff table (through StaffEntity for the plain reads and writes) and the member's recovery codes. */
@Injectable()
export class StaffAccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async byId(id: string, m: EntityManager = this.db.manager): Promise<StaffAccount | null> {
    return m.findOne(StaffEntity, { where: { id } });
  }

  /** The signed-in member's own account, which exists: a missing row is a fault, not an answer. */
  async byIdOrFail(id: string, m: EntityManager = this.db.manager): Promise<StaffAccount> {
    return m.findOneOrFail(StaffEntity, { where: { id } });
  }

  /** The account's row, locked for the rest of the caller's transaction. */
  async lockById(m: EntityManager, id: string): Promise<StaffAccount | null> {
    return m.findOne(StaffEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** `email` already normalised (trimmed, lower case), as it is stored. */
  async byEmail(email: string, m: EntityManager = this.db.manager): Promise<StaffAccount | null> {
    return m.findOne(StaffEntity, { where: { email } });
  }

  async emailTaken(m: EntityManager, email: string): Promise<boolean> {
    return m.exists(StaffEntity, { where: { email } });
  }

  /** Every account, active first, then by name and e-mail. */
  async all(m: EntityManager = this.db.manager): Promise<StaffAccount[]> {
    return m.find(StaffEntity, { order: { active: 'DESC', name: 'ASC', email: 'ASC' } });
  }

  async count(m: EntityManager = this.db.manager): Promise<number> {
    return m.count(StaffEntity);
  }

  async insert(m: EntityManager, account: NewStaffAccount): Promise<void> {
    await m.insert(StaffEntity, m.create(StaffEntity, account));
  }

  async setProfile(m: EntityManager, id: string, profile: { name: string; roles: Role[]; opdCode: string | null }, now: Date): Promise<void> {
    await m.update(StaffEntity, { id }, { name: profile.name, roles: profile.roles, opdCode: profile.opdCode, updatedAt: now });
  }

  async setRoles(m: EntityManager, id: string, roles: Role[], now: Date): Promise<void> {
    await m.update(StaffEntity, { id }, { roles, updatedAt: now });
  }

  async setActive(m: EntityManager, id: string, active: boolean, now: Date): Promise<void> {
    await m.update(StaffEntity, { id }, { active, updatedAt: now });
  }

  /** Forgets the TOTP secret, so the member enrols again (the recovery codes go with deleteRecoveryCodes). */
  async clearTwoFactor(m: EntityManager, id: string, now: Date): Promise<void> {
    await m.update(StaffEntity, { id }, { totpSecret: null, totpEnrolledAt: null, totpLastStep: null, updatedAt: now });
  }

  /** The member's own new password: the private key re-wrapped under it. */
  async setPassword(m: EntityManager, id: string, wrapped: WrappedKey, now: Date): Promise<void> {
    await m.update(StaffEntity, { id }, { privateKeyWrapped: wrapped.wrapped, kdfSalt: wrapped.salt, kdfParams: wrapped.params, mustChangePassword: false, updatedAt: now });
  }

  /**
   * A one-time password set by an admin: to be changed at the next sign-in, and the sign-in lock
   * lifted. False when the account does not exist.
   */
  async setOneTimePassword(m: EntityManager, id: string, wrapped: WrappedKey, now: Date): Promise<boolean> {
    const updated = await m.update(
      StaffEntity,
      { id },
      { privateKeyWrapped: wrapped.wrapped, kdfSalt: wrapped.salt, kdfParams: wrapped.params, mustChangePassword: true, failedLogins: 0, lockedUntil: null, updatedAt: now },
    );
    return !!updated.affected;
  }

  /** Every active member with their public key and roles, oldest first; a named prepared statement (every submission asks). */
  async activeKeyHolders(m: EntityManager): Promise<KeyHolderRow[]> {
    const rows = await preparedQuery<{ id: string; public_key: Buffer; roles: Role[] }>(m, 'wbs_staff_key_holders', `SELECT id, public_key, roles FROM staff WHERE active ORDER BY created_at`, []);
    return rows.map((r) => ({ id: r.id, publicKey: r.public_key, roles: r.roles }));
  }

  /** Accounts holding custodian together with another role, oldest first. */
  async custodiansWithOtherRoles(m: EntityManager | DataSource = this.db): Promise<{ id: string; email: string; roles: Role[] }[]> {
    return m.query(`SELECT id, email, roles FROM staff WHERE 'custodian' = ANY (roles) AND cardinality(roles) > 1 ORDER BY created_at`);
  }

  /**
   * Locks the active admins' rows, always in the same order, so two admins demoting or
   * deactivating each other at the same moment cannot both succeed and leave no admin.
   */
  async lockActiveAdmins(m: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM staff WHERE active AND roles @> ARRAY['admin']::text[] ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  }

  async setLanguage(staffId: string, language: string, m: EntityManager | DataSource = this.db): Promise<void> {
    await m.query(`UPDATE staff SET language = $2 WHERE id = $1`, [staffId, language]);
  }

  async deleteRecoveryCodes(m: EntityManager, staffId: string): Promise<void> {
    await m.query(`DELETE FROM staff_recovery_codes WHERE staff_id = $1`, [staffId]);
  }
}
