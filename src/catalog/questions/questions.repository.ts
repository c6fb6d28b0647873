import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ElsewhereQuestion } from './answers';
import type { Question, QuestionKind, QuestionOption } from './question.types';

interface QuestionRow {
  id: string;
  category_code: string | null;
  kind: QuestionKind;
  label_id: string;
  label_en: string;
  help_id: string;
  help_en: string;
  required: boolean;
  options: QuestionOption[];
  sort_order: number;
  active: boolean;
}

const COLUMNS = 'id, category_code, kind, label_id, label_en, help_id, help_en, required, options, sort_order, active';

/** What an admin sets on a question; the order and the active flag have their own calls. */
export interface QuestionFields {
  kind: QuestionKind;
  label: { id: string; en: string };
  help: { id: string; en: string };
  required: boolean;
  options: QuestionOption[];
}

/** The `category_questions` table. `scope` null: the questions asked in every category. */
@Injectable()
export class QuestionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The active questions a report in this category answers: those for every category first. */
  async activeFor(categoryCode: string): Promise<Question[]> {
    const rows: QuestionRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM category_questions
        WHERE active AND (category_code = $1 OR category_code IS NULL)
        ORDER BY category_code NULLS FIRST, sort_order, id`,
      [categoryCode],
    );
    return rows.map(toQuestion);
  }

  /** Every question of one scope, retired ones too, in order. */
  async inScope(scope: string | null): Promise<Question[]> {
    const rows: QuestionRow[] = await this.db.query(`SELECT ${COLUMNS} FROM category_questions WHERE category_code IS NOT DISTINCT FROM $1 ORDER BY sort_order, id`, [scope]);
    return rows.map(toQuestion);
  }

  /** Where the named questions belong, to say why a category does not ask them. */
  async whereAre(ids: string[]): Promise<Map<string, ElsewhereQuestion>> {
    if (!ids.length) return new Map();
    const rows: { id: string; category_code: string | null; active: boolean }[] = await this.db.query(`SELECT id, category_code, active FROM category_questions WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, { categoryCode: r.category_code, active: r.active }]));
  }

  async find(m: EntityManager, id: string, lock = false): Promise<Question | null> {
    const [row]: QuestionRow[] = await m.query(`SELECT ${COLUMNS} FROM category_questions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toQuestion(row) : null;
  }

  /** A new question goes to the end of its scope's list. */
  async insert(m: EntityManager, id: string, scope: string | null, f: QuestionFields, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO category_questions (id, category_code, kind, label_id, label_en, help_id, help_en, required, options, sort_order, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, COALESCE(max(sort_order), 0) + 10, $10, $10
         FROM category_questions WHERE category_code IS NOT DISTINCT FROM $2`,
      [id, scope, f.kind, f.label.id, f.label.en, f.help.id, f.help.en, f.required, JSON.stringify(f.options), at],
    );
  }

  async update(m: EntityManager, id: string, f: QuestionFields, at: Date): Promise<void> {
    await m.query(`UPDATE category_questions SET kind = $2, label_id = $3, label_en = $4, help_id = $5, help_en = $6, required = $7, options = $8::jsonb, updated_at = $9 WHERE id = $1`, [
      id,
      f.kind,
      f.label.id,
      f.label.en,
      f.help.id,
      f.help.en,
      f.required,
      JSON.stringify(f.options),
      at,
    ]);
  }

  async setActive(m: EntityManager, id: string, active: boolean, at: Date): Promise<void> {
    await m.query(`UPDATE category_questions SET active = $2, updated_at = $3 WHERE id = $1`, [id, active, at]);
  }

  /**
   * Swaps the question with its neighbour in the scope's order (`up`: the one before). Returns
   * false at either end. The scope's rows are locked in one order, so two moves cannot interleave.
   */
  async move(m: EntityManager, question: Question, direction: 'up' | 'down', at: Date): Promise<boolean> {
    const rows: { id: string; sort_order: number }[] = await m.query(`SELECT id, sort_order FROM category_questions WHERE category_code IS NOT DISTINCT FROM $1 ORDER BY sort_order, id FOR UPDATE`, [
      question.categoryCode,
    ]);
    const i = rows.findIndex((r) => r.id === question.id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= rows.length) return false;
    // Renumbered 10, 20, 30…, with the two swapped: equal sort orders (two adds at once) cannot stick.
    [rows[i], rows[j]] = [rows[j], rows[i]];
    await m.query(
      `UPDATE category_questions q SET sort_order = v.n * 10, updated_at = $2
         FROM unnest($1::uuid[]) WITH ORDINALITY AS v(id, n) WHERE q.id = v.id`,
      [rows.map((r) => r.id), at],
    );
    return true;
  }
}

function toQuestion(r: QuestionRow): Question {
  return {
    id: r.id,
    categoryCode: r.category_code,
    kind: r.kind,
    label: { id: r.label_id, en: r.label_en },
    help: { id: r.help_id, en: r.help_en },
    required: r.required,
    options: r.options,
    sortOrder: r.sort_order,
    active: r.active,
  };
}
