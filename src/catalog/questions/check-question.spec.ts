import { ValidationFailed } from '../../platform/http/domain-error';
import { checkQuestion, QuestionInput } from './questions.service';

function errorsOf(input: QuestionInput, current = [] as Parameters<typeof checkQuestion>[1]) {
  try {
    checkQuestion(input, current);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationFailed)) throw e;
    return e.errors.map((x) => [x.field, x.message]);
  }
}

const label = { id: 'Siapa yang memberi', en: 'Who gave it' };

describe(checkQuestion.name, () => {
  it('takes a question with both languages, trimmed, and numbers its choices', () => {
    const q = checkQuestion(
      {
        kind: 'single_choice',
        label: { id: ' Bentuk pemberian ', en: 'Form of the gift' },
        required: true,
        options: [
          { id: 'Uang', en: 'Money' },
          { id: 'Barang', en: 'Goods' },
        ],
      },
      [],
    );
    expect(q).toEqual({
      kind: 'single_choice',
      label: { id: 'Bentuk pemberian', en: 'Form of the gift' },
      help: { id: '', en: '' },
      required: true,
      options: [
        { value: 'o1', label: { id: 'Uang', en: 'Money' } },
        { value: 'o2', label: { id: 'Barang', en: 'Goods' } },
      ],
    });
  });

  it("keeps a choice's value while its Indonesian text stays, and gives a new one a new value", () => {
    const current = [
      { value: 'o1', label: { id: 'Uang', en: 'Money' } },
      { value: 'o2', label: { id: 'Barang', en: 'Goods' } },
    ];
    const q = checkQuestion(
      {
        kind: 'multiple_choice',
        label,
        required: false,
        options: [
          { id: 'Barang', en: 'Things' },
          { id: 'Jasa', en: 'Services' },
        ],
      },
      current,
    );
    expect(q.options).toEqual([
      { value: 'o2', label: { id: 'Barang', en: 'Things' } },
      { value: 'o3', label: { id: 'Jasa', en: 'Services' } },
    ]);
  });

  it('names every bad field at once', () => {
    expect(errorsOf({ kind: 'essay', label: { id: 'x', en: '' }, help: { id: 'y'.repeat(301) }, required: 'yes' })).toEqual([
      ['kind', 'question.kind_invalid'],
      ['label.id', 'question.label_length'],
      ['label.en', 'question.label_length'],
      ['help.id', 'question.help_too_long'],
      ['required', 'question.required_flag_invalid'],
    ]);
    expect(errorsOf({ kind: 'text', label: 'Siapa', required: false })).toEqual([['label', 'question.expects_languages']]);
  });

  it('wants choices for a choice question, each once, and none for the others', () => {
    expect(errorsOf({ kind: 'single_choice', label, required: false })).toEqual([['options', 'question.options_count']]);
    expect(
      errorsOf({
        kind: 'single_choice',
        label,
        required: false,
        options: [
          { id: 'Uang', en: 'Money' },
          { id: 'Uang', en: 'Cash' },
        ],
      }),
    ).toEqual([['options.2.id', 'question.option_twice']]);
    expect(errorsOf({ kind: 'single_choice', label, required: false, options: [{ id: 'Uang', en: 'Money' }, { id: 'Barang' }] })).toEqual([['options.2.en', 'question.label_length']]);
    expect(errorsOf({ kind: 'money', label, required: false, options: [{ id: 'Uang', en: 'Money' }] })).toEqual([['options', 'question.options_not_allowed']]);
    expect(errorsOf({ kind: 'money', label, required: false, options: 'Uang' })).toEqual([['options', 'question.options_invalid']]);
  });
});
