import { ApiPropertyOptional } from '@nestjs/swagger';
import { BRAND_FIELDS, BrandValues, valueNames } from '../../branding';
import { asBody, textField } from '../../platform/http/body-fields';

/**
 * Every branding value by its form name (`org_name_id`, `org_name_en`, `phone`, `landing_text_en`, …);
 * a missing one stays as it is. Texts marked Markdown accept the safe subset (README).
 */
export class BrandingValuesDto {}
for (const field of BRAND_FIELDS) {
  for (const name of valueNames(field)) {
    const markdown = field.kind === 'blocks' || field.kind === 'inline';
    ApiPropertyOptional({
      type: String,
      maxLength: field.max,
      description: `${field.kind === 'line' ? 'One line' : markdown ? 'Markdown subset (paragraphs, **bold**, *italic*, lists, headings, http(s)/mailto links)' : 'Plain text'}${field.required ? ', required' : ''}`,
    })(BrandingValuesDto.prototype, name);
  }
}

/** A value that is present but not text becomes text that fails validation rather than being dropped. */
export function parseBranding(body: unknown): BrandValues {
  const b = asBody(body);
  const out: BrandValues = {};
  for (const field of BRAND_FIELDS) {
    for (const name of valueNames(field)) {
      const value = textField(b, name, undefined);
      if (value !== undefined) out[name] = value;
    }
  }
  return out;
}
