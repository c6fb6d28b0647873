import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * What other modules may read about staff members, without naming the staff table: the read
 * interface staff exports (docs/architecture.md). Add a question here rather than a join on
 * `staff` elsewhere.
 */
@Injectable()
export class StaffDirectory {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Display names by id; an unknown id is simply missing from the map. */
  async namesOf(ids: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows: { id: string; name: string }[] = await m.query(`SELECT id, name FROM staff WHERE id = ANY($1::uuid[])`, [unique]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Active inspectors by name, with their OPD (for conflict-of-interest checks): the pickers and the assignment box. */
  async activeInspectors(m: EntityManager = this.db.manager): Promise<{ id: string; name: string; opdCode: string | null }[]> {
    const rows: { id: string; name: string; opd_code: string | null }[] = await m.query(`SELECT id, name, opd_code FROM staff WHERE active AND 'inspector' = ANY(roles) ORDER BY name`);
    return rows.map((r) => ({ id: r.id, name: r.name, opdCode: r.opd_code }));
  }

  /** An active member holding the role, with the public key to seal to them; null otherwise. */
  async activeMemberWithRole(id: string, role: string, m: EntityManager = this.db.manager): Promise<{ id: string; name: string; opdCode: string | null; publicKey: Buffer } | null> {
    const [row]: { id: string; name: string; opd_code: string | null; public_key: Buffer }[] = await m.query(
      `SELECT id, name, opd_code, public_key FROM staff WHERE id = $1 AND active AND $2 = ANY(roles)`,
      [id, role],
    );
    return row ? { id: row.id, name: row.name, opdCode: row.opd_code, publicKey: row.public_key } : null;
  }

  /** A member's public key and whether the account is active; null for an unknown id. */
  async sealingKeyOf(id: string, m: EntityManager = this.db.manager): Promise<{ publicKey: Buffer; active: boolean } | null> {
    const [row]: { public_key: Buffer; active: boolean }[] = await m.query(`SELECT public_key, active FROM staff WHERE id = $1`, [id]);
    return row ? { publicKey: row.public_key, active: row.active } : null;
  }

  /** Whether the member holds the role (active or not); false for an unknown id. */
  async holdsRole(id: string, role: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const [row] = await m.query(`SELECT 1 FROM staff WHERE id = $1 AND $2 = ANY(roles)`, [id, role]);
    return !!row;
  }

  /** How many accounts have an address on this domain (the demo seed's "already seeded?" check). */
  async countWithEmailDomain(domain: string, m: EntityManager = this.db.manager): Promise<number> {
    const [{ n }]: { n: string }[] = await m.query(`SELECT count(*) AS n FROM staff WHERE email LIKE '%@' || $1`, [domain]);
    return Number(n);
  }

  /** E-mail address, language and whether active, by id (for mail); an unknown id is simply missing from the map. */
  async contactsOf(ids: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, StaffContact>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows: { id: string; email: string; language: string; active: boolean }[] = await m.query(`SELECT id, email, language, active FROM staff WHERE id = ANY($1::uuid[])`, [unique]);
    return new Map(rows.map((r) => [r.id, { email: r.email, language: r.language, active: r.active }]));
  }

  /** The active members holding any of `roles`, in id order. */
  async activeWithAnyRole(roles: readonly string[], m: EntityManager = this.db.manager): Promise<ActiveMember[]> {
    return m.query(`SELECT s.id, s.language FROM staff s WHERE s.active AND s.roles && $1::text[] ORDER BY s.id`, [roles]);
  }

  /** Those of `ids` who are active members, in id order. */
  async activeAmong(ids: readonly string[], m: EntityManager = this.db.manager): Promise<ActiveMember[]> {
    if (!ids.length) return [];
    return m.query(`SELECT s.id, s.language FROM staff s WHERE s.active AND s.id = ANY($1::uuid[]) ORDER BY s.id`, [[...new Set(ids)]]);
  }

  /** The member with this e-mail address (stored in lower case), or null. */
  async idOfEmail(email: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const [row]: { id: string }[] = await m.query(`SELECT id FROM staff WHERE email = $1`, [email]);
    return row?.id ?? null;
  }
}

/** How to reach a member by mail. */
export interface StaffContact {
  email: string;
  /** As stored; the reader checks it is a language it knows. */
  language: string;
  active: boolean;
}

/** An active member and the language they read. */
export interface ActiveMember {
  id: string;
  language: string;
}
