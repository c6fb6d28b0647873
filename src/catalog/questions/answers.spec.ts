import { answersFromInput, validateAnswers } from './answers';
import { answerLines } from './answer-lines';
import type { Question, QuestionKind } from './question.types';

let n = 0;
function question(kind: QuestionKind, extra: Partial<Question> = {}): Question {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    categoryCode: 'gratification',
    kind,
    label: { id: `Pertanyaan ${n}`, en: `Question ${n}` },
    help: { id: '', en: '' },
    required: false,
    options:
      kind === 'single_choice' || kind === 'multiple_choice'
        ? [
            { value: 'o1', label: { id: 'Uang', en: 'Money' } },
            { value: 'o2', label: { id: 'Barang', en: 'Goods' } },
          ]
        : [],
    sortOrder: n * 10,
    active: true,
    ...extra,
  };
}

const money = question('money', { required: true });
const giver = question('text');
const story = question('long_text');
const count = question('number');
const when = question('date');
const form = question('single_choice');
const forms = question('multiple_choice');
const cash = question('yes_no');
const ALL = [money, giver, story, count, when, form, forms, cash];

describe(validateAnswers.name, () => {
  it('takes a good answer of every kind, in the shape it is sealed, with the question as asked', () => {
    const { answers, errors } = validateAnswers(ALL, {
      [money.id]: 'Rp 2.500.000',
      [giver.id]: '  PT Maju Jaya ',
      [story.id]: 'Baris satu\r\nBaris dua',
      [count.id]: '2,5',
      [when.id]: '17/02/2026',
      [form.id]: 'o2',
      [forms.id]: ['o2', 'o1', 'o2'],
      [cash.id]: 'yes',
    });
    expect(errors).toEqual([]);
    expect(answers.map((a) => a.value)).toEqual([2_500_000, 'PT Maju Jaya', 'Baris satu\nBaris dua', 2.5, '2026-02-17', 'o2', ['o1', 'o2'], true]);
    expect(answers[0]).toEqual({ questionId: money.id, kind: 'money', label: money.label, value: 2_500_000 });
    expect(answers[5].options).toEqual(form.options);
  });

  it('takes JSON types from the API: numbers, booleans and lists', () => {
    const { answers, errors } = validateAnswers(ALL, { [money.id]: 750000, [count.id]: -3, [cash.id]: false, [forms.id]: ['o1'] });
    expect(errors).toEqual([]);
    expect(answers.map((a) => a.value)).toEqual([750000, -3, ['o1'], false]);
  });

  it('skips optional questions left empty and asks for the required one', () => {
    const { answers, errors } = validateAnswers(ALL, { [giver.id]: '', [forms.id]: [] });
    expect(answers).toEqual([]);
    expect(errors).toEqual([{ field: `answers.${money.id}`, message: 'question.required' }]);
  });

  it.each([
    ['money with letters', money, 'dua juta', 'question.money_invalid'],
    ['negative money', money, -5, 'question.money_invalid'],
    ['money as a list', money, ['1'], 'question.expects_number'],
    ['a number with words', count, '12 orang', 'question.number_invalid'],
    ['a number as a boolean', count, true, 'question.expects_number'],
    ['a day not in the calendar', when, '31/02/2026', 'question.date_invalid'],
    ['a date as a number', when, 20260217, 'question.expects_text'],
    ['a line break in a short text', giver, 'PT Maju\nJaya', 'input.line_break'],
    ['text as an object', giver, { a: 1 }, 'question.expects_text'],
    ['a choice not offered', form, 'o9', 'question.option_unknown'],
    ['one of several not offered', forms, ['o1', 'o9'], 'question.option_unknown'],
    ['several choices as an object', forms, { o1: true }, 'question.expects_list'],
    ['yes/no as a word', cash, 'mungkin', 'question.expects_yes_no'],
  ])('refuses %s with its own message', (_what, q, value, message) => {
    const { errors } = validateAnswers([q], { [q.id]: value });
    expect(errors).toEqual([{ field: `answers.${q.id}`, message }]);
  });

  it('refuses a text over its limit, naming the limit', () => {
    expect(validateAnswers([giver], { [giver.id]: 'x'.repeat(501) }).errors).toEqual([{ field: `answers.${giver.id}`, message: 'question.too_long', params: { max: 500 } }]);
  });

  it("names why a question is not asked here: unknown, another category's, or retired", () => {
    const other = '00000000-0000-4000-8000-00000000aaaa';
    const retired = '00000000-0000-4000-8000-00000000bbbb';
    const elsewhere = new Map([
      [other, { categoryCode: 'illegal_levy', active: true }],
      [retired, { categoryCode: 'gratification', active: false }],
    ]);
    const { errors } = validateAnswers([giver], { nope: 'x', [other]: 'x', [retired]: 'x' }, elsewhere);
    expect(errors).toEqual([
      { field: 'answers.nope', message: 'question.unknown' },
      { field: `answers.${other}`, message: 'question.other_category' },
      { field: `answers.${retired}`, message: 'question.retired' },
    ]);
  });
});

describe(answersFromInput.name, () => {
  it('reads the API object, the same object as JSON text, and the form fields', () => {
    expect(answersFromInput({ answers: { a: 1 } })).toEqual({ a: 1 });
    expect(answersFromInput({ answers: '{"a":[1]}' })).toEqual({ a: [1] });
    expect(answersFromInput({ 'answers.a': 'x', 'answers.b.1': 'o1', 'answers.b.3': 'o3', 'answers.b.2': '' })).toEqual({ a: 'x', b: ['o1', 'o3'] });
    expect(answersFromInput({ title: 'x' })).toEqual({});
  });

  it('says when answers are not an object', () => {
    expect(answersFromInput({ answers: [1] })).toBeNull();
    expect(answersFromInput({ answers: 'not json' })).toBeNull();
    expect(answersFromInput({ answers: 5 })).toBeNull();
  });
});

describe(answerLines.name, () => {
  it("words each answer from the question as asked, in the reader's language", () => {
    const { answers } = validateAnswers(ALL, { [money.id]: '2500000', [form.id]: 'o1', [forms.id]: ['o1', 'o2'], [cash.id]: 'no', [count.id]: '1234.5' });
    expect(answerLines(answers, 'en')).toEqual([
      { question: money.label.en, answer: 'Rp2.500.000' },
      { question: count.label.en, answer: '1,234.5' },
      { question: form.label.en, answer: 'Money' },
      { question: forms.label.en, answer: 'Money, Goods' },
      { question: cash.label.en, answer: 'No' },
    ]);
    expect(answerLines(answers, 'id')[3]).toEqual({ question: forms.label.id, answer: 'Uang, Barang' });
    expect(answerLines(undefined, 'id')).toEqual([]);
  });
});
