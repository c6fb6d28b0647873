import type { QuestionInput } from '../../catalog';
import type { FieldError } from '../../platform/http/domain-error';
import { asBody, textField } from '../../platform/http/body-fields';

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
  const b = asBody(body);
  const values: QuestionFormValues = {
    kind: textField(b, 'kind', ''),
    label: { id: textField(b, 'label.id', ''), en: textField(b, 'label.en', '') },
    help: { id: textField(b, 'help.id', ''), en: textField(b, 'help.en', '') },
    required: textField(b, 'required', '') === 'yes',
    optionsText: textField(b, 'options', ''),
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
