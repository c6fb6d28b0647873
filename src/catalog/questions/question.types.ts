/** The kinds of extra question a category may ask (issue 16). */
export const QUESTION_KINDS = ['text', 'long_text', 'number', 'money', 'date', 'single_choice', 'multiple_choice', 'yes_no'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const CHOICE_KINDS: readonly QuestionKind[] = ['single_choice', 'multiple_choice'];

export interface Bilingual {
  id: string;
  en: string;
}

/** A choice: a stable value (`o1`, `o2`, …) that answers refer to, and its label. */
export interface QuestionOption {
  value: string;
  label: Bilingual;
}

/** A question as stored and as admins edit it. `categoryCode` null: asked in every category. */
export interface Question {
  id: string;
  categoryCode: string | null;
  kind: QuestionKind;
  label: Bilingual;
  help: Bilingual;
  required: boolean;
  options: QuestionOption[];
  sortOrder: number;
  active: boolean;
}

export type AnswerValue = string | number | boolean | string[];

/**
 * An answer together with the question as it was asked, sealed inside the report with the case
 * content key: an admin editing or retiring the question later changes nothing in the case.
 */
export interface AskedAnswer {
  questionId: string;
  kind: QuestionKind;
  label: Bilingual;
  options?: QuestionOption[];
  value: AnswerValue;
}
