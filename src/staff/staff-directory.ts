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
  async activeWithRole(id: string, role: string, m: EntityManager = this.db.manager): Promise<{ id: string; name: string; opdCode: string | null; publicKey: Buffer } | null> {
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
}
