import { bodySchema, BodySpec, namedSchema } from '../../platform/http/body-schema';

const ANSWERS =
  'Answers to the category\'s extra questions (`GET /api/v1/meta/categories/{code}/questions`), by question id: text, long_text and date as strings; number and money (whole rupiah) as numbers or strings; single_choice as an option `value`; multiple_choice as a list of option values; yes_no as a boolean. In multipart, the same object as a JSON text in the field `answers`. Errors come as `{ field: "answers.<id>", message }`: an unknown question, another category\'s, one no longer asked, a required one unanswered, a wrong type, a bad amount, number or date, or a choice not offered. Answers are sealed with the report; nothing is stored when one is wrong.';

/**
 * The report's fields (CONTRACT.md), as JSON or multipart. Intake reads and checks them itself
 * (the web form shares those rules), so this declaration is the document's.
 */
export const REPORT_BODY = {
  category: { type: 'string', required: true, example: 'illegal_levy', description: 'A code from `GET /api/v1/meta/categories`' },
  opd: { type: 'string', example: 'DISDUKCAPIL', description: 'A code from `GET /api/v1/meta/opds`, or empty when unknown' },
  title: { type: 'string', required: true, example: 'Pungutan liar pembuatan KTP', description: '5–200 characters, one line' },
  description: { type: 'string', required: true, description: 'What happened, who, when, where, how (5W1H): 30–20,000 characters' },
  occurred_on: { type: 'string', example: '2026-02-17', description: '`YYYY-MM-DD` or `DD/MM/YYYY`, not in the future' },
  location: { type: 'string' },
  reported_persons: { type: 'string' },
  estimated_loss: { type: 'string', example: '2.500.000', description: 'Whole rupiah' },
  anonymous: { type: 'boolean', required: true, example: true, description: 'Boolean in JSON; `yes` | `no` in a form' },
  reporter_name: { type: 'string', description: 'Only used when anonymous is false' },
  reporter_nip: { type: 'string' },
  reporter_phone: { type: 'string' },
  reporter_email: { type: 'string' },
  consent: { type: 'string', required: true, example: 'yes' },
  answers: { type: 'object', additionalProperties: true, example: { '3f8e1c52-7a51-4f0e-9b1e-0c6d2a9b4e11': 2500000 }, description: ANSWERS },
} as const satisfies BodySpec;

export const REPORT_SCHEMA = namedSchema('ReportDto', bodySchema(REPORT_BODY));
