import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The report's fields (CONTRACT.md) as the OpenAPI document shows them; intake checks them itself. */
export class ReportDto {
  @ApiProperty({ example: 'illegal_levy', description: 'A code from `GET /api/v1/meta/categories`' }) category: string;
  @ApiPropertyOptional({ example: 'DISDUKCAPIL', description: 'A code from `GET /api/v1/meta/opds`, or empty when unknown' }) opd?: string;
  @ApiProperty({ example: 'Pungutan liar pembuatan KTP', description: '5–200 characters, one line' }) title: string;
  @ApiProperty({ description: 'What happened, who, when, where, how (5W1H): 30–20,000 characters' }) description: string;
  @ApiPropertyOptional({ example: '2026-02-17', description: '`YYYY-MM-DD` or `DD/MM/YYYY`, not in the future' }) occurred_on?: string;
  @ApiPropertyOptional() location?: string;
  @ApiPropertyOptional() reported_persons?: string;
  @ApiPropertyOptional({ example: '2.500.000', description: 'Whole rupiah' }) estimated_loss?: string;
  @ApiProperty({ example: true, description: 'Boolean in JSON; `yes` | `no` in a form' }) anonymous: boolean;
  @ApiPropertyOptional({ description: 'Only used when anonymous is false' }) reporter_name?: string;
  @ApiPropertyOptional() reporter_nip?: string;
  @ApiPropertyOptional() reporter_phone?: string;
  @ApiPropertyOptional() reporter_email?: string;
  @ApiProperty({ example: 'yes' }) consent: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { '3f8e1c52-7a51-4f0e-9b1e-0c6d2a9b4e11': 2500000 },
    description:
      'Answers to the category\'s extra questions (`GET /api/v1/meta/categories/{code}/questions`), by question id: text, long_text and date as strings; number and money (whole rupiah) as numbers or strings; single_choice as an option `value`; multiple_choice as a list of option values; yes_no as a boolean. In multipart, the same object as a JSON text in the field `answers`. Errors come as `{ field: "answers.<id>", message }`: an unknown question, another category\'s, one no longer asked, a required one unanswered, a wrong type, a bad amount, number or date, or a choice not offered. Answers are sealed with the report; nothing is stored when one is wrong.',
  })
  answers?: Record<string, unknown>;
}
