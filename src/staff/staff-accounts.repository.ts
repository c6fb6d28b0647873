import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../platform/database/prepared-query';
import type { Role } from './role';

/** An active member who may receive sealed case keys. */
export interface KeyHolderRow {
  id: string;
  publicKey: Buffer;
  roles: Role[];
}

/**
 * The staff table's statements beyond the entity's plain reads and writes (kept in the services
 * through StaffEntity), and the member's recovery codes.
 */
@Injectable()
export class StaffAccountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
