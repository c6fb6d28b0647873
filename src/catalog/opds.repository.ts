import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CatalogEntry, OpdKind, OpdRecord } from './catalog.service';

/**
 * The `opds` table (see the reporter-channel migration). Its columns are named as the record's
 * fields, so rows are records as they come.
 */
@Injectable()
export class OpdsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The active OPDs, grouped by kind, by name. */
  async active(m: EntityManager | DataSource = this.db): Promise<CatalogEntry[]> {
    return m.query(`SELECT code, name FROM opds WHERE active ORDER BY kind, name`);
  }

  /** The OPD's name, active or not; null when there is none. */
  async name(code: string, m: EntityManager | DataSource = this.db): Promise<string | null> {
    const [row]: { name: string }[] = await m.query(`SELECT name FROM opds WHERE code = $1`, [code]);
    return row?.name ?? null;
  }

  /** Whether an OPD with this code exists, active or not. */
  async exists(code: string, m: EntityManager | DataSource = this.db): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM opds WHERE code = $1`, [code])).length > 0;
  }

  async all(m: EntityManager | DataSource = this.db): Promise<OpdRecord[]> {
    return m.query(`SELECT code, name, kind, active FROM opds ORDER BY kind, name, code`);
  }

  async find(code: string, m: EntityManager | DataSource = this.db): Promise<OpdRecord | null> {
    const [row]: OpdRecord[] = await m.query(`SELECT code, name, kind, active FROM opds WHERE code = $1`, [code]);
    return row ?? null;
  }

  /** Locks the OPD for a change; null when there is none. */
  async lock(m: EntityManager, code: string): Promise<OpdRecord | null> {
    const [row]: OpdRecord[] = await m.query(`SELECT code, name, kind, active FROM opds WHERE code = $1 FOR UPDATE`, [code]);
    return row ?? null;
  }

  /** A new OPD; null when the code is taken. */
  async insert(m: EntityManager, opd: { code: string; name: string; kind: string }): Promise<OpdRecord | null> {
    const [row]: OpdRecord[] = await m.query(`WITH i AS (INSERT INTO opds (code, name, kind) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code, name, kind, active) SELECT * FROM i`, [
      opd.code,
      opd.name,
      opd.kind,
    ]);
    return row ?? null;
  }

  async update(m: EntityManager, code: string, changes: { name: string; kind: OpdKind }): Promise<void> {
    await m.query(`UPDATE opds SET name = $2, kind = $3 WHERE code = $1`, [code, changes.name, changes.kind]);
  }

  async setActive(m: EntityManager, code: string, active: boolean): Promise<void> {
    await m.query(`UPDATE opds SET active = $2 WHERE code = $1`, [code, active]);
  }
}
