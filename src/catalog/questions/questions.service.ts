import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { EventPublisher } from '../../platform/events';
import { FieldError, FieldErrors, ValidationFailed } from '../../platform/http/domain-error';
import { textProblem } from '../../platform/http/text-input';
import type { Lang } from '../../platform/i18n/i18n';
import type { StaffRef } from '../../staff';
import { CategoryNotFound } from '../catalog.errors';
import { assertAdmin, CatalogService } from '../catalog.service';
import { QuestionChange, QuestionChanged } from '../events/catalog-events';
import { answersFromInput, QUESTION_ID, validateAnswers } from './answers';
import { QuestionNotFound } from './questions.errors';
import { QuestionFields, QuestionsRepository } from './questions.repository';
import { AskedAnswer, CHOICE_KINDS, Question, QUESTION_KINDS, QuestionKind, QuestionOption } from './question.types';

/** An admin's question as sent (JSON API) or posted (page, already reshaped); checked here. */
export interface QuestionInput {
  kind?: unknown;
  label?: unknown;
  help?: unknown;
  required?: unknown;
  /** `[{ id, en }]`: the choices' labels, in order. */
  options?: unknown;
}

/** A question as the public form and the meta API give it, in one language. */
export interface PublicQuestion {
  id: string;
  kind: QuestionKind;
  label: string;
  help: string;
  required: boolean;
  options: { value: string; label: string }[];
}

export const QUESTION_LIMITS = { label: { min: 2, max: 200 }, help: 300, option: { min: 1, max: 120 }, options: { min: 2, max: 30 } } as const;

/**
 * Extra questions per report category, or for every category (issue 16): admins shape them,
 * the report form and the API ask them, intake checks the answers. Answers themselves are case
 * content and never come here to be stored: they travel sealed inside the report.
 */
@Injectable()
export class QuestionsService {
  private readonly log = new Logger(QuestionsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: QuestionsRepository,
    private readonly catalog: CatalogService,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  /** The questions of an active category, in the reporter's language; 404 for any other code. */
  async forCategory(code: string, lang: Lang): Promise<PublicQuestion[]> {
    if (!(await this.catalog.checkCodes(code, null)).category) throw new CategoryNotFound();
    return (await this.repo.activeFor(code)).map((q) => inLanguage(q, lang));
  }

  /**
   * The report's answers checked against its category's questions, with the questions as
   * asked. An unknown category asks nothing here: intake reports the category itself.
   */
  async checkAnswers(categoryCode: string, input: Record<string, unknown>): Promise<{ answers: AskedAnswer[]; errors: FieldError[] }> {
    const given = answersFromInput(input);
    if (!given) return { answers: [], errors: [{ field: 'answers', message: 'question.answers_not_object' }] };
    const asked = categoryCode ? await this.repo.activeFor(categoryCode) : [];
    const askedIds = new Set(asked.map((q) => q.id));
    const others = Object.keys(given)
      .map((id) => id.toLowerCase())
      .filter((id) => !askedIds.has(id) && QUESTION_ID.test(id));
    return validateAnswers(asked, given, await this.repo.whereAre(others));
  }

  // ---- Admin (DESIGN.md §1: categories are the admin's). `scope` null: every category.

  async list(actor: StaffRef, scope: string | null): Promise<Question[]> {
    assertAdmin(actor);
    if (scope !== null) await this.catalog.category(actor, scope);
    return this.repo.inScope(scope);
  }

  async question(actor: StaffRef, id: string): Promise<Question> {
    assertAdmin(actor);
    const q = await this.repo.find(this.db.manager, id);
    if (!q) throw new QuestionNotFound();
    return q;
  }

  async add(actor: StaffRef, scope: string | null, input: QuestionInput): Promise<{ id: string }> {
    assertAdmin(actor);
    if (scope !== null) await this.catalog.category(actor, scope);
    const fields = checkQuestion(input, []);
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      await this.repo.insert(m, id, scope, fields, this.clock.now());
      await this.publish(m, actor, id, scope, 'added', ['kind', 'label', 'help', 'required', 'options']);
    });
    return { id };
  }

  /** Old cases keep the question as it was asked: an edit changes only what is asked from now on. */
  async update(actor: StaffRef, id: string, input: QuestionInput): Promise<Question> {
    assertAdmin(actor);
    return this.db.transaction(async (m) => {
      const current = await this.repo.find(m, id, true);
      if (!current) throw new QuestionNotFound();
      const next = checkQuestion(input, current.options);
      const changed = (['kind', 'label', 'help', 'required', 'options'] as const).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]));
      if (changed.length) {
        await this.repo.update(m, id, next, this.clock.now());
        await this.publish(m, actor, id, current.categoryCode, 'updated', [...changed]);
      }
      return { ...current, ...next };
    });
  }

  /** A retired question leaves the form and the API; cases that answered it keep their answer. */
  async setActive(actor: StaffRef, id: string, active: boolean): Promise<Question> {
    assertAdmin(actor);
    return this.db.transaction(async (m) => {
      const current = await this.repo.find(m, id, true);
      if (!current) throw new QuestionNotFound();
      if (current.active === active) return current;
      await this.repo.setActive(m, id, active, this.clock.now());
      await this.publish(m, actor, id, current.categoryCode, active ? 'reactivated' : 'retired', ['active']);
      return { ...current, active };
    });
  }

  /** One place up or down in its list; at either end nothing changes. */
  async move(actor: StaffRef, id: string, direction: unknown): Promise<void> {
    assertAdmin(actor);
    if (direction !== 'up' && direction !== 'down') throw new ValidationFailed([{ field: 'direction', message: 'question.direction_invalid' }]);
    await this.db.transaction(async (m) => {
      const current = await this.repo.find(m, id);
      if (!current) throw new QuestionNotFound();
      if (await this.repo.move(m, current, direction, this.clock.now())) await this.publish(m, actor, id, current.categoryCode, 'moved', ['order']);
    });
  }

  private async publish(m: EntityManager, actor: StaffRef, questionId: string, categoryCode: string | null, change: QuestionChange, changed: string[]) {
    await this.events.publish(m, new QuestionChanged({ questionId, categoryCode, actorId: actor.id, change, changed }));
    this.log.log(`question ${questionId} ${change} by ${actor.id}`);
  }
}

function inLanguage(q: Question, lang: Lang): PublicQuestion {
  return {
    id: q.id,
    kind: q.kind,
    label: q.label[lang],
    help: q.help[lang],
    required: q.required,
    options: q.options.map((o) => ({ value: o.value, label: o.label[lang] })),
  };
}

/**
 * Every problem of an admin's question at once, each under its field (`label.id`, `options.2.en`);
 * the checked fields otherwise. Options keep their value where the Indonesian label is unchanged,
 * so answers still being typed against the old list keep meaning the same choice.
 */
export function checkQuestion(input: QuestionInput, current: QuestionOption[]): QuestionFields {
  const errors = new FieldErrors();
  const kind = QUESTION_KINDS.find((k) => k === input.kind);
  if (!kind) errors.add('kind', 'question.kind_invalid');
  const text = (value: unknown, field: string, min: number, max: number): string => {
    const v = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : null;
    const problem = v === null ? 'question.expects_text' : textProblem(v, true);
    if (problem) errors.add(field, problem);
    else if (v!.length < min || v!.length > max) errors.add(field, min ? 'question.label_length' : 'question.help_too_long', { min, max });
    return v ?? '';
  };
  const pair = (value: unknown, field: string, min: number, max: number) => {
    if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      errors.add(field, 'question.expects_languages');
      return { id: '', en: '' };
    }
    const v = (value ?? {}) as Record<string, unknown>;
    return { id: text(v.id, `${field}.id`, min, max), en: text(v.en, `${field}.en`, min, max) };
  };
  const label = pair(input.label, 'label', QUESTION_LIMITS.label.min, QUESTION_LIMITS.label.max);
  const help = pair(input.help, 'help', 0, QUESTION_LIMITS.help);
  if (typeof input.required !== 'boolean') errors.add('required', 'question.required_flag_invalid');

  const choices = input.options === undefined || input.options === null ? [] : input.options;
  const options: QuestionOption[] = [];
  if (!Array.isArray(choices)) errors.add('options', 'question.options_invalid');
  else if (kind && !CHOICE_KINDS.includes(kind)) {
    if (choices.length) errors.add('options', 'question.options_not_allowed');
  } else if (kind) {
    if (choices.length < QUESTION_LIMITS.options.min || choices.length > QUESTION_LIMITS.options.max) errors.add('options', 'question.options_count', QUESTION_LIMITS.options);
    const kept = new Map(current.map((o) => [o.label.id, o.value]));
    let next = Math.max(0, ...current.map((o) => Number(o.value.slice(1)) || 0));
    choices.forEach((choice, i) => {
      const l = pair(choice, `options.${i + 1}`, QUESTION_LIMITS.option.min, QUESTION_LIMITS.option.max);
      if (options.some((o) => o.label.id === l.id)) errors.add(`options.${i + 1}.id`, 'question.option_twice');
      options.push({ value: kept.get(l.id) ?? `o${++next}`, label: l });
    });
  }
  errors.throwIfAny();
  return { kind: kind!, label, help, required: input.required as boolean, options };
}
