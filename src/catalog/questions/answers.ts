import type { FieldError } from '../../platform/http/domain-error';
import { textProblem } from '../../platform/http/text-input';
import { calendarDate } from '../../platform/i18n/calendar-date';
import { parseRupiah } from '../../platform/i18n/rupiah';
import type { AnswerValue, AskedAnswer, Question } from './question.types';
import './questions.i18n';

/** Explicit limits, named in the error messages. */
export const ANSWER_LIMITS = { text: 500, longText: 5_000, money: 1_000_000_000_000_000, number: 1_000_000_000_000_000 } as const;

/** Where an answer's error goes: the form field and the API error share the name. */
export const answerField = (questionId: string) => `answers.${questionId}`;

/** A question the reporter named that this category does not ask, and why. */
export interface ElsewhereQuestion {
  categoryCode: string | null;
  active: boolean;
}

const NUMBER = /^-?\d{1,16}(?:[.,]\d{1,6})?$/;
/** A question id: a UUID, as the database can look it up. */
export const QUESTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The answers a report carries, from the JSON API (`answers: { "<id>": value }`, or that object
 * as a JSON text in a multipart field) or from the HTML form (`answers.<id>` fields, and
 * `answers.<id>.<n>` for the boxes of a multiple choice). Null when the `answers` value is not
 * an object at all.
 */
export function answersFromInput(input: Record<string, unknown>): Record<string, unknown> | null {
  const given: Record<string, unknown> = {};
  let answers = input.answers;
  if (typeof answers === 'string') {
    try {
      answers = answers.trim() ? JSON.parse(answers) : undefined;
    } catch {
      return null;
    }
  }
  if (answers !== undefined && answers !== null) {
    if (typeof answers !== 'object' || Array.isArray(answers)) return null;
    Object.assign(given, answers);
  }
  for (const [key, value] of Object.entries(input)) {
    const m = /^answers\.([^.]+)(?:\.(\d+))?$/.exec(key);
    if (!m || typeof value !== 'string') continue;
    if (m[2] === undefined) given[m[1]] = value;
    else if (value !== '') given[m[1]] = [...(Array.isArray(given[m[1]]) ? (given[m[1]] as string[]) : []), value];
  }
  return given;
}

/**
 * Checks each answer against its question's kind, and every required question for an answer,
 * listing every problem with its field so the reporter fixes everything at once. An id the
 * category does not ask is named for what it is: unknown, another category's, or retired.
 * Returns the answers with their questions as asked, ready to be sealed with the report.
 */
export function validateAnswers(asked: Question[], given: Record<string, unknown>, elsewhere: ReadonlyMap<string, ElsewhereQuestion> = new Map()): { answers: AskedAnswer[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const answers: AskedAnswer[] = [];
  const byId = new Map(asked.map((q) => [q.id.toLowerCase(), q]));
  for (const id of Object.keys(given)) {
    if (byId.has(id.toLowerCase())) continue;
    const other = QUESTION_ID.test(id) ? elsewhere.get(id.toLowerCase()) : undefined;
    const message = !other ? 'question.unknown' : !other.active ? 'question.retired' : 'question.other_category';
    errors.push({ field: answerField(id), message });
  }
  const givenById = new Map(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v]));
  for (const q of asked) {
    const raw = givenById.get(q.id.toLowerCase());
    const field = answerField(q.id);
    if (isEmpty(raw)) {
      if (q.required) errors.push({ field, message: 'question.required' });
      continue;
    }
    const checked = checkValue(q, raw);
    if ('error' in checked) errors.push({ field, message: checked.error, params: checked.params });
    else answers.push({ questionId: q.id, kind: q.kind, label: q.label, ...(q.options.length ? { options: q.options } : {}), value: checked.value });
  }
  return { answers, errors };
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

type Checked = { value: AnswerValue } | { error: string; params?: Record<string, string | number> };

function checkValue(q: Question, raw: unknown): Checked {
  switch (q.kind) {
    case 'text':
    case 'long_text': {
      if (typeof raw !== 'string') return { error: 'question.expects_text' };
      const value = raw.replace(/\r\n/g, '\n').trim();
      const max = q.kind === 'text' ? ANSWER_LIMITS.text : ANSWER_LIMITS.longText;
      const problem = textProblem(value, q.kind === 'text');
      if (problem) return { error: problem };
      if (value.length > max) return { error: 'question.too_long', params: { max } };
      return { value };
    }
    case 'number': {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : null;
      if (text === null) return { error: 'question.expects_number' };
      const value = Number(text.replace(',', '.'));
      if (!NUMBER.test(text) || !Number.isFinite(value) || Math.abs(value) > ANSWER_LIMITS.number) return { error: 'question.number_invalid' };
      return { value };
    }
    case 'money': {
      if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 && raw <= ANSWER_LIMITS.money ? { value: raw } : { error: 'question.money_invalid' };
      if (typeof raw !== 'string') return { error: 'question.expects_number' };
      const value = parseRupiah(raw, ANSWER_LIMITS.money);
      return value === 'invalid' || value === null ? { error: 'question.money_invalid' } : { value };
    }
    case 'date': {
      if (typeof raw !== 'string') return { error: 'question.expects_text' };
      const value = calendarDate(raw.trim());
      return value ? { value } : { error: 'question.date_invalid' };
    }
    case 'yes_no': {
      if (raw === true || raw === 'yes' || raw === 'true') return { value: true };
      if (raw === false || raw === 'no' || raw === 'false') return { value: false };
      return { error: 'question.expects_yes_no' };
    }
    case 'single_choice': {
      if (typeof raw !== 'string') return { error: 'question.expects_text' };
      return q.options.some((o) => o.value === raw) ? { value: raw } : { error: 'question.option_unknown' };
    }
    case 'multiple_choice': {
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) return { error: 'question.expects_list' };
      if (!list.every((v) => q.options.some((o) => o.value === v))) return { error: 'question.option_unknown' };
      // In the question's order, each once.
      return { value: q.options.filter((o) => list.includes(o.value)).map((o) => o.value) };
    }
  }
}
