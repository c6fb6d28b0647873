import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Lang } from '../platform/i18n/i18n';

export interface CatalogEntry {
  code: string;
  name: string;
  description?: string;
}

/** Reference data that routes reports: categories and the city's OPDs (perangkat daerah). */
@Injectable()
export class CatalogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async categories(lang: Lang): Promise<CatalogEntry[]> {
    const rows: { code: string; name_id: string; name_en: string; description_id: string; description_en: string }[] =
      await this.db.query(`SELECT code, name_id, name_en, description_id, description_en FROM categories WHERE active ORDER BY sort_order, code`);
    return rows.map((r) => ({
      code: r.code,
      name: lang === 'en' ? r.name_en : r.name_id,
      description: lang === 'en' ? r.description_en : r.description_id,
    }));
  }

  /** OPD names are proper names of Indonesian bodies: the same in both languages. */
  async opds(): Promise<CatalogEntry[]> {
    return this.db.query(`SELECT code, name FROM opds WHERE active ORDER BY kind, name`);
  }

  async categoryName(code: string, lang: Lang): Promise<string | null> {
    const [row] = await this.db.query(`SELECT name_id, name_en FROM categories WHERE code = $1`, [code]);
    return row ? (lang === 'en' ? row.name_en : row.name_id) : null;
  }

  async opdName(code: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT name FROM opds WHERE code = $1`, [code]);
    return row?.name ?? null;
  }

  /** Both intake checks in one round trip: is the category active, is the OPD (if any) active. */
  async checkCodes(categoryCode: string, opdCode: string | null): Promise<{ category: boolean; opd: boolean }> {
    const [row]: { category: boolean; opd: boolean }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM categories WHERE code = $1 AND active) AS category,
              ($2::text IS NULL OR EXISTS (SELECT 1 FROM opds WHERE code = $2 AND active)) AS opd`,
      [categoryCode, opdCode],
    );
    return row;
  }

  async isActiveCategory(code: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM categories WHERE code = $1 AND active`, [code])).length > 0;
  }

  async isActiveOpd(code: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM opds WHERE code = $1 AND active`, [code])).length > 0;
  }
}
