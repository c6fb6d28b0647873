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

  /**
   * Whether the category and the OPD (if any) are active, from a copy of the active codes kept
   * for a few seconds: every submission checks them, and they change only when an admin edits
   * the lists. The foreign keys still refuse a code that is gone.
   */
  async checkCodes(categoryCode: string, opdCode: string | null): Promise<{ category: boolean; opd: boolean }> {
    const codes = await this.activeCodes();
    return { category: codes.categories.has(categoryCode), opd: opdCode === null || codes.opds.has(opdCode) };
  }

  private codes: { at: number; categories: Set<string>; opds: Set<string> } | null = null;
  static readonly CODES_TTL_MS = 10_000;

  private async activeCodes() {
    if (this.codes && Date.now() - this.codes.at < CatalogService.CODES_TTL_MS) return this.codes;
    const [row]: { categories: string[]; opds: string[] }[] = await this.db.query(
      `SELECT ARRAY(SELECT code FROM categories WHERE active) AS categories, ARRAY(SELECT code FROM opds WHERE active) AS opds`,
    );
    this.codes = { at: Date.now(), categories: new Set(row.categories), opds: new Set(row.opds) };
    return this.codes;
  }

  async isActiveCategory(code: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM categories WHERE code = $1 AND active`, [code])).length > 0;
  }

  async isActiveOpd(code: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM opds WHERE code = $1 AND active`, [code])).length > 0;
  }
}
