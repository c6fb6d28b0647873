import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog module's read views of names, for modules that show categories and OPDs beside
 * their own figures (the statistics; issue 13) without reading the catalog's tables:
 * - `category_names`: every category, inactive ones too (old cases keep theirs), in both
 *   languages, with its place in the list;
 * - `opd_names`: every OPD's name.
 */
export class CatalogNameViews1764300021220 implements MigrationInterface {
  name = 'CatalogNameViews1764300021220';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE VIEW category_names AS SELECT c.code, c.name_id, c.name_en, c.active, c.sort_order FROM categories c`);
    await q.query(`CREATE VIEW opd_names AS SELECT o.code, o.name FROM opds o`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW opd_names`);
    await q.query(`DROP VIEW category_names`);
  }
}
