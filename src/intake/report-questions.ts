import { answerField } from '../catalog';
import { NotFound } from '../platform/http/domain-error';
import type { PublicQuestion, QuestionsService } from '../catalog';
import { t, type Lang } from '../platform/i18n/i18n';
import './intake.i18n';

/**
 * The report form's second step without JavaScript (docs/decisions.md, "Category questions on
 * the report form"): a button beside the category posts the form with `step=questions`, and the
 * page comes back with everything typed kept and the chosen category's questions in it.
 */
export const STEP_FIELD = 'step';
export const QUESTIONS_STEP = 'questions';

export function asksForQuestions(fields: Record<string, string>): boolean {
  return fields[STEP_FIELD] === QUESTIONS_STEP;
}

/** One question as the form partial draws it, with what the reporter typed and its error. */
export interface QuestionField extends PublicQuestion {
  field: string;
  value: string;
  /** Boxes or buttons under a legend, rather than one labelled field. */
  grouped: boolean;
  multiple: boolean;
  error?: string;
  options: { value: string; label: string; name: string; checked: boolean }[];
}

/** The questions of the category typed in the form; none for an empty or unknown category. */
export async function questionsOfForm(questions: QuestionsService, category: string | undefined, lang: Lang): Promise<PublicQuestion[] | null> {
  const code = (category ?? '').trim();
  if (!code) return null;
  try {
    return await questions.forCategory(code, lang);
  } catch (e) {
    if (e instanceof NotFound) return null;
    throw e;
  }
}

/**
 * The view models of the partial: the form's fields are `answers.<id>` (one value), or
 * `answers.<id>.<n>` for each box of a multiple choice, so a plain form posts them.
 */
export function questionFields(questions: PublicQuestion[], values: Record<string, string>, errors: { field: string; message: string }[]): QuestionField[] {
  return questions.map((q) => {
    const field = answerField(q.id);
    const value = values[field] ?? '';
    const ticked = new Set(
      Object.entries(values)
        .filter(([k]) => k.startsWith(`${field}.`))
        .map(([, v]) => v),
    );
    return {
      ...q,
      field,
      value,
      grouped: q.kind === 'single_choice' || q.kind === 'multiple_choice' || q.kind === 'yes_no',
      multiple: q.kind === 'multiple_choice',
      error: errors.find((e) => e.field === field)?.message,
      options: q.options.map((o, i) => ({
        ...o,
        name: q.kind === 'multiple_choice' ? `${field}.${i + 1}` : field,
        checked: q.kind === 'multiple_choice' ? ticked.has(o.value) : value === o.value,
      })),
    };
  });
}

/**
 * The answer to `step=questions`: the chosen category's questions with a notice, or the error
 * beside the category when none (or an unknown one) was chosen. Nothing is filed.
 */
export async function questionsStep(
  questions: QuestionsService,
  fields: Record<string, string>,
  lang: Lang,
): Promise<{ status: number; errors: { field: string; message: string }[]; notice?: string }> {
  const category = (fields.category ?? '').trim();
  if (!category) return { status: 400, errors: [{ field: 'category', message: t(lang, 'report.category_required') }] };
  const asked = await questionsOfForm(questions, category, lang);
  if (!asked) return { status: 400, errors: [{ field: 'category', message: t(lang, 'report.category_unknown') }] };
  return { status: 200, errors: [], notice: t(lang, asked.length ? 'question.shown' : 'question.none_for_category') };
}

/** What the report page needs to draw the questions of the category in `values`, if any. */
export async function questionsModel(questions: QuestionsService, values: Record<string, string>, errors: { field: string; message: string }[], lang: Lang) {
  const asked = await questionsOfForm(questions, values.category, lang);
  return { questions: asked?.length ? questionFields(asked, values, errors) : null };
}
