import { sqlMigration } from '../../platform/database/sql-migration';

/**
 * The catalog module's read views of names, for modules that show categories and OPDs beside
 * their own figures (the statistics; issue 13) without reading the catalog's tables:
 * - `category_names`: every category, inactive ones too (old cases keep theirs), in both
 *   languages, with its place in the list;
 * - `opd_names`: every OPD's name.
 */
export const CatalogNameViews1764300021220 = sqlMigration('CatalogNameViews1764300021220', {
  up: [`CREATE VIEW category_names AS SELECT c.code, c.name_id, c.name_en, c.active, c.sort_order FROM categories c`, `CREATE VIEW opd_names AS SELECT o.code, o.name FROM opds o`],
  down: [`DROP VIEW opd_names`, `DROP VIEW category_names`],
});
