import { OPD_KINDS, type CategoryInput, type OpdInput } from '../../catalog';
import { bodySchema, BodySpec, namedSchema, readBody } from '../../platform/http/body-schema';

/** A category's fields, from the API (JSON) and the admin page (form) alike. */
export const CATEGORY_BODY = {
  code: { type: 'string', required: true, example: 'school_levy', description: 'Immutable once created' },
  name_id: { type: 'string', required: true, as: 'nameId', example: 'Pungutan liar di sekolah' },
  name_en: { type: 'string', required: true, as: 'nameEn', example: 'Illegal levies at schools' },
  description_id: { type: 'string', as: 'descriptionId' },
  description_en: { type: 'string', as: 'descriptionEn' },
} as const satisfies BodySpec;

export const OPD_BODY = {
  code: { type: 'string', required: true, example: 'DISKOMINFO', description: 'Immutable once created' },
  name: { type: 'string', required: true, example: 'Dinas Komunikasi dan Informatika' },
  kind: { type: 'string', required: true, enum: OPD_KINDS },
} as const satisfies BodySpec;

export const CATEGORY_SCHEMAS = { add: namedSchema('CreateCategoryDto', bodySchema(CATEGORY_BODY, 'add')), edit: namedSchema('UpdateCategoryDto', bodySchema(CATEGORY_BODY, 'edit')) };
export const OPD_SCHEMAS = { add: namedSchema('CreateOpdDto', bodySchema(OPD_BODY, 'add')), edit: namedSchema('UpdateOpdDto', bodySchema(OPD_BODY, 'edit')) };

/** On add every field counts (missing means empty); on edit a missing field stays as it is. */
export function parseCategory(body: unknown, mode: 'add' | 'edit'): CategoryInput {
  return readBody(CATEGORY_BODY, body, mode);
}

export function parseOpd(body: unknown, mode: 'add' | 'edit'): OpdInput {
  return readBody(OPD_BODY, body, mode);
}
