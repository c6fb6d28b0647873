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

  /** How many accounts have an address on this domain (the demo seed's "already seeded?" check). */
  async countWithEmailDomain(domain: string, m: EntityManager = this.db.manager): Promise<number> {
    const [{ n }]: { n: string }[] = await m.query(`SELECT count(*) AS n FROM staff WHERE email LIKE '%@' || $1`, [domain]);
    return Number(n);
  }
}
