import { formatRupiah } from '../../platform/i18n/rupiah';
import { t, type Lang } from '../../platform/i18n/i18n';
import type { AskedAnswer } from './question.types';
import './questions.i18n';

/** An answer as staff read it: the question as it was asked, the answer in words. */
export interface AnswerLine {
  question: string;
  answer: string;
}

/**
 * Answers in the reader's language, from the question texts sealed with the report (never the
 * question as it reads today): money as Rupiah, choices by their labels, yes/no in words.
 */
export function answerLines(answers: AskedAnswer[] | undefined, lang: Lang): AnswerLine[] {
  return (answers ?? []).map((a) => ({ question: a.label[lang] || a.label.id, answer: answerText(a, lang) }));
}

function answerText(a: AskedAnswer, lang: Lang): string {
  const choice = (value: string) => {
    const option = a.options?.find((o) => o.value === value);
    return option ? option.label[lang] || option.label.id : value;
  };
  switch (a.kind) {
    case 'money':
      return formatRupiah(Number(a.value));
    case 'number':
      return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 6 }).format(Number(a.value));
    case 'yes_no':
      return t(lang, a.value ? 'question.yes' : 'question.no');
    case 'single_choice':
      return choice(String(a.value));
    case 'multiple_choice':
      return (Array.isArray(a.value) ? a.value : [String(a.value)]).map(choice).join(', ');
    default:
      return String(a.value);
  }
}
