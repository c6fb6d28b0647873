import type { QuestionInput } from '../../catalog';
import type { FieldError } from '../../platform/http/domain-error';
import { BodySpec, readBody } from '../../platform/http/body-schema';

/** The page's fields, all text; the API takes the same question as JSON (CREATE_QUESTION). */
const QUESTION_FORM = {
  kind: { type: 'string' },
  'label.id': { type: 'string' },
  'label.en': { type: 'string' },
  'help.id': { type: 'string' },
  'help.en': { type: 'string' },
  required: { type: 'string' },
  options: { type: 'string' },
} as const satisfies BodySpec;

/** The question form as posted, to show again after an error. */
export interface QuestionFormValues {
  kind: string;
  label: { id: string; en: string };
  help: { id: string; en: string };
  required: boolean;
  optionsText: string;
}

/**
 * The admin page's question form (`kind`, `label.id`, `label.en`, `help.id`, `help.en`, the
 * `required` box, and the choices one per line as "Indonesian | English") in the API's shape.
 */
export function parseQuestionForm(body: unknown): { input: QuestionInput; values: QuestionFormValues } {
  const form = readBody(QUESTION_FORM, body, 'add');
  const values: QuestionFormValues = {
    kind: form.kind,
    label: { id: form['label.id'], en: form['label.en'] },
    help: { id: form['help.id'], en: form['help.en'] },
    required: form.required === 'yes',
    optionsText: form.options,
  };
  const lines = values.optionsText
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const options = lines.map((line) => {
    const bar = line.indexOf('|');
    return bar < 0 ? { id: line, en: '' } : { id: line.slice(0, bar).trim(), en: line.slice(bar + 1).trim() };
  });
  return { input: { kind: values.kind, label: values.label, help: values.help, required: values.required, options }, values };
}

/** A question as the form shows it for editing. */
export function questionFormValues(q: {
  kind: string;
  label: { id: string; en: string };
  help: { id: string; en: string };
  required: boolean;
  options: { label: { id: string; en: string } }[];
}): QuestionFormValues {
  return { kind: q.kind, label: q.label, help: q.help, required: q.required, optionsText: q.options.map((o) => `${o.label.id} | ${o.label.en}`).join('\n') };
}

/** A choice's error (`options.3.en`) goes beside the one choices box, naming its line. */
export function onFormFields(errors: FieldError[]): FieldError[] {
  return errors.map((e) => {
    const m = /^options\.(\d+)\./.exec(e.field);
    return m && e.message !== 'question.option_twice' ? { field: 'options', message: 'question.option_line_invalid', params: { line: Number(m[1]) } } : m ? { ...e, field: 'options' } : e;
  });
}
