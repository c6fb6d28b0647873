import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD = {
  id: 'Penyalahgunaan uang atau aset daerah, mark-up, atau kegiatan fiktif yang merugikan keuangan negara.',
  en: 'Misuse of public money or assets, mark-ups, or fictitious activities causing a loss to the state.',
};
const NEW = {
  id: 'Penyalahgunaan uang atau aset daerah, harga yang digelembungkan (mark-up), atau kegiatan fiktif yang merugikan keuangan negara.',
  en: 'Misuse of public money or assets, inflated prices (mark-ups), or fictitious activities causing a loss to the state.',
};

/**
 * The seeded "corruption" description explains "mark-up", a word many reporters do not know
 * (issue 14). Only the seeded text is replaced: a description an admin already rewrote stays.
 */
export class PlainCategoryWords1764300017400 implements MigrationInterface {
  name = 'PlainCategoryWords1764300017400';

  async up(q: QueryRunner): Promise<void> {
    await this.replace(q, OLD, NEW);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.replace(q, NEW, OLD);
  }

  private async replace(q: QueryRunner, from: typeof OLD, to: typeof OLD): Promise<void> {
    await q.query(`UPDATE categories SET description_id = $1 WHERE code = 'corruption' AND description_id = $2`, [to.id, from.id]);
    await q.query(`UPDATE categories SET description_en = $1 WHERE code = 'corruption' AND description_en = $2`, [to.en, from.en]);
  }
}
