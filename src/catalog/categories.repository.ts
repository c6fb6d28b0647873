import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CategoryRecord } from './catalog.service';

interface CategoryRow {
  code: string;
  name_id: string;
  name_en: string;
  description_id: string;
  description_en: string;
  sort_order: number;
  active: boolean;
}

const CATEGORY_COLUMNS = 'code, name_id, name_en, description_id, description_en, sort_order, active';

function toCategory(r: CategoryRow): CategoryRecord {
  return {
    code: r.code,
    nameId: r.name_id,
    nameEn: r.name_en,
    descriptionId: r.description_id,
    descriptionEn: r.description_en,
    sortOrder: r.sort_order,
    active: r.active,
  };
}

/** The texts of a category as stored (both languages). */
export type CategoryTexts = Pick<CategoryRecord, 'nameId' | 'nameEn' | 'descriptionId' | 'descriptionEn'>;

/** The `categories` table (see the reporter-channel migration). */
@Injectable()
export class CategoriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The active categories in the form's order. */
  async active(m: EntityManager | DataSource = this.db): Promise<(CategoryTexts & { code: string })[]> {
    const rows: Omit<CategoryRow, 'sort_order' | 'active'>[] = await m.query(`SELECT code, name_id, name_en, description_id, description_en FROM categories WHERE active ORDER BY sort_order, code`);
    return rows.map((r) => ({ code: r.code, nameId: r.name_id, nameEn: r.name_en, descriptionId: r.description_id, descriptionEn: r.description_en }));
  }

  /** Both names of a category, active or not; null when there is none. */
  async names(code: string, m: EntityManager | DataSource = this.db): Promise<{ nameId: string; nameEn: string } | null> {
    const [row]: { name_id: string; name_en: string }[] = await m.query(`SELECT name_id, name_en FROM categories WHERE code = $1`, [code]);
    return row ? { nameId: row.name_id, nameEn: row.name_en } : null;
  }

  /** The active category and OPD codes, read together in one round trip (every submission checks both). */
  async activeCodes(m: EntityManager | DataSource = this.db): Promise<{ categories: string[]; opds: string[] }> {
    const [row]: { categories: string[]; opds: string[] }[] = await m.query(`SELECT ARRAY(SELECT code FROM categories WHERE active) AS categories, ARRAY(SELECT code FROM opds WHERE active) AS opds`);
    return row;
  }

  async all(m: EntityManager | DataSource = this.db): Promise<CategoryRecord[]> {
    const rows: CategoryRow[] = await m.query(`SELECT ${CATEGORY_COLUMNS} FROM categories ORDER BY sort_order, code`);
    return rows.map(toCategory);
  }

  async find(code: string, m: EntityManager | DataSource = this.db): Promise<CategoryRecord | null> {
    const [row]: CategoryRow[] = await m.query(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE code = $1`, [code]);
    return row ? toCategory(row) : null;
  }

  /** Locks the category for a change; null when there is none. */
  async lock(m: EntityManager, code: string): Promise<CategoryRecord | null> {
    const [row]: CategoryRow[] = await m.query(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE code = $1 FOR UPDATE`, [code]);
    return row ? toCategory(row) : null;
  }

  /** Locks the active categories, always in one order; their codes. */
  async lockActiveCodes(m: EntityManager): Promise<string[]> {
    const rows: { code: string }[] = await m.query(`SELECT code FROM categories WHERE active ORDER BY code FOR UPDATE`);
    return rows.map((r) => r.code);
  }

  /** A new category at the end of the list; null when the code is taken. */
  async insert(m: EntityManager, code: string, texts: CategoryTexts): Promise<CategoryRecord | null> {
    const [row]: CategoryRow[] = await m.query(
      `WITH i AS (
         INSERT INTO categories (code, name_id, name_en, description_id, description_en, sort_order)
         SELECT $1, $2, $3, $4, $5, COALESCE(max(sort_order), 0) + 10 FROM categories
         ON CONFLICT (code) DO NOTHING
         RETURNING ${CATEGORY_COLUMNS}
       ) SELECT * FROM i`,
      [code, texts.nameId, texts.nameEn, texts.descriptionId, texts.descriptionEn],
    );
    return row ? toCategory(row) : null;
  }

  async updateTexts(m: EntityManager, code: string, texts: CategoryTexts): Promise<void> {
    await m.query(`UPDATE categories SET name_id = $2, name_en = $3, description_id = $4, description_en = $5 WHERE code = $1`, [
      code,
      texts.nameId,
      texts.nameEn,
      texts.descriptionId,
      texts.descriptionEn,
    ]);
  }

  async setActive(m: EntityManager, code: string, active: boolean): Promise<void> {
    await m.query(`UPDATE categories SET active = $2 WHERE code = $1`, [code, active]);
  }
}
