import { BRAND_FIELDS, BrandValues, valueNames } from '../../branding';
import { bodySchema, BodySpec, namedSchema, readBody } from '../../platform/http/body-schema';

const MARKDOWN = 'Markdown subset (paragraphs, **bold**, *italic*, lists, headings, http(s)/mailto links)';

/**
 * Every branding value by its form name (`org_name_id`, `org_name_en`, `phone`, `landing_text_en`, …);
 * a missing one stays as it is. Texts marked Markdown accept the safe subset (README).
 */
const BRANDING_BODY: BodySpec = Object.fromEntries(
  BRAND_FIELDS.flatMap((field) => {
    const what = field.kind === 'line' ? 'One line' : field.kind === 'blocks' || field.kind === 'inline' ? MARKDOWN : 'Plain text';
    return valueNames(field).map((name) => [name, { type: 'string', maxLength: field.max, description: `${what}${field.required ? ', required' : ''}` }]);
  }),
);

export const BRANDING_SCHEMA = namedSchema('BrandingValuesDto', bodySchema(BRANDING_BODY, 'edit'));

/** A value that is present but not text becomes text that fails validation rather than being dropped. */
export function parseBranding(body: unknown): BrandValues {
  const values = readBody(BRANDING_BODY, body, 'edit');
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
