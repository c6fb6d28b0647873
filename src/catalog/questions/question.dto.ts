import { bodySchema, BodySpec, namedSchema } from '../../platform/http/body-schema';
import { QUESTION_KINDS } from './question.types';

/** OpenAPI shapes of the extra questions (issue 16); QuestionsService reads and checks the bodies itself. */

const BILINGUAL_TEXT = namedSchema(
  'BilingualTextDto',
  bodySchema({
    id: { type: 'string', required: true, example: 'Perkiraan nilai pemberian', description: 'Indonesian' },
    en: { type: 'string', required: true, example: 'Estimated value of the gift', description: 'English' },
  }),
);

const PUBLIC_OPTION = namedSchema(
  'PublicOptionDto',
  bodySchema({
    value: { type: 'string', required: true, example: 'o1', description: 'What an answer sends for this choice' },
    label: { type: 'string', required: true, example: 'Uang tunai' },
  }),
);

export const PUBLIC_QUESTION = namedSchema(
  'PublicQuestionDto',
  bodySchema({
    id: { type: 'string', required: true, format: 'uuid' },
    kind: { type: 'string', required: true, enum: QUESTION_KINDS },
    label: { type: 'string', required: true, example: 'Perkiraan nilai pemberian' },
    help: { type: 'string', required: true, example: 'Dalam rupiah, kira-kira saja.', description: 'Empty when there is none' },
    required: { type: 'boolean', required: true },
    options: { type: 'array', required: true, items: PUBLIC_OPTION, description: 'The choices of single_choice and multiple_choice; empty otherwise' },
  }),
);

/** A question as an admin adds or replaces it (`POST` and `PATCH` alike). */
export const QUESTION_BODY = {
  kind: { type: 'string', required: true, enum: QUESTION_KINDS, example: 'money' },
  label: { type: 'object', required: true, ref: BILINGUAL_TEXT, description: '2–200 characters each, one line' },
  help: { type: 'object', ref: BILINGUAL_TEXT, description: 'Up to 300 characters each' },
  required: { type: 'boolean', required: true, example: false },
  options: {
    type: 'array',
    items: BILINGUAL_TEXT,
    description: 'Only for single_choice and multiple_choice: 2–30 choices, 1–120 characters each. On edit, a choice whose Indonesian text is unchanged keeps its value.',
  },
} as const satisfies BodySpec;

export const CREATE_QUESTION = namedSchema('CreateQuestionDto', bodySchema(QUESTION_BODY));
export const QUESTION_CREATED = namedSchema('QuestionCreatedDto', bodySchema({ id: { type: 'string', required: true, format: 'uuid' } }));
export const MOVE_QUESTION = namedSchema('MoveQuestionDto', bodySchema({ direction: { type: 'string', required: true, enum: ['up', 'down'] } }));

const QUESTION_OPTION = namedSchema('QuestionOptionDto', bodySchema({ value: { type: 'string', required: true, example: 'o1' }, label: { type: 'object', required: true, ref: BILINGUAL_TEXT } }));

export const QUESTION = namedSchema(
  'QuestionDto',
  bodySchema({
    id: { type: 'string', required: true, format: 'uuid' },
    categoryCode: { type: 'string', required: true, nullable: true, description: 'Null: asked in every category' },
    kind: { type: 'string', required: true, enum: QUESTION_KINDS },
    label: { type: 'object', required: true, ref: BILINGUAL_TEXT },
    help: { type: 'object', required: true, ref: BILINGUAL_TEXT },
    required: { type: 'boolean', required: true },
    options: { type: 'array', required: true, items: QUESTION_OPTION },
    sortOrder: { type: 'number', required: true },
    active: { type: 'boolean', required: true, description: 'False once retired' },
  }),
);
