import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { sqlMigration } from '../../platform/database/sql-migration';
import { QUESTION_SEED } from '../seed-data/questions';

/**
 * Extra questions per report category, or for every category when `category_code` is null
 * (issue 16). A question's texts are the inspectorate's words, not reporter data: stored in
 * clear. Questions are retired (`active = false`), never deleted, so the admin pages can still
 * name them; cases keep their own copy of each question as asked.
 */
export const CategoryQuestions1764300019000 = sqlMigration('CategoryQuestions1764300019000', {
  up: [
    `
      CREATE TABLE category_questions (
        id uuid PRIMARY KEY,
        category_code text REFERENCES categories(code),
        kind text NOT NULL CHECK (kind IN ('text', 'long_text', 'number', 'money', 'date', 'single_choice', 'multiple_choice', 'yes_no')),
        label_id text NOT NULL CHECK (length(label_id) BETWEEN 2 AND 200),
        label_en text NOT NULL CHECK (length(label_en) BETWEEN 2 AND 200),
        help_id text NOT NULL DEFAULT '' CHECK (length(help_id) <= 300),
        help_en text NOT NULL DEFAULT '' CHECK (length(help_en) <= 300),
        required boolean NOT NULL DEFAULT false,
        options jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(options) = 'array'),
        sort_order integer NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((kind IN ('single_choice', 'multiple_choice')) = (jsonb_array_length(options) > 0))
      )`,
    // The form and intake read a category's active questions (and those for every category).
    `CREATE INDEX category_questions_category_idx ON category_questions (category_code, sort_order) WHERE active`,
    seedQuestions,
  ],
  down: [`DROP TABLE category_questions`],
});

/** The seeded questions, numbered per category in steps of 10. */
async function seedQuestions(q: QueryRunner): Promise<void> {
  const order = new Map<string, number>();
  for (const s of QUESTION_SEED) {
    const sort = (order.get(s.categoryCode) ?? 0) + 10;
    order.set(s.categoryCode, sort);
    // Only where the seeded category is still there: an installation may have renamed nothing,
    // but a test database built from another seed must not fail here.
    await q.query(
      `INSERT INTO category_questions (id, category_code, kind, label_id, label_en, help_id, help_en, sort_order, created_at, updated_at)
         SELECT $1, code, $3, $4, $5, $6, $7, $8, now(), now() FROM categories WHERE code = $2`,
      [randomUUID(), s.categoryCode, s.kind, s.label.id, s.label.en, s.help.id, s.help.en, sort],
    );
  }
}
