import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPD_KINDS, type CategoryInput, type OpdInput } from '../../catalog';
import { asBody, textField } from '../../platform/http/body-fields';

export class CreateCategoryDto {
  @ApiProperty({ example: 'school_levy', description: 'Immutable once created' }) code: string;
  @ApiProperty({ example: 'Pungutan liar di sekolah' }) name_id: string;
  @ApiProperty({ example: 'Illegal levies at schools' }) name_en: string;
  @ApiPropertyOptional() description_id?: string;
  @ApiPropertyOptional() description_en?: string;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional() name_id?: string;
  @ApiPropertyOptional() name_en?: string;
  @ApiPropertyOptional() description_id?: string;
  @ApiPropertyOptional() description_en?: string;
}

export class CreateOpdDto {
  @ApiProperty({ example: 'DISKOMINFO', description: 'Immutable once created' }) code: string;
  @ApiProperty({ example: 'Dinas Komunikasi dan Informatika' }) name: string;
  @ApiProperty({ enum: OPD_KINDS }) kind: string;
}

export class UpdateOpdDto {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ enum: OPD_KINDS }) kind?: string;
}

/** On add every field counts (missing means empty); on edit a missing field stays as it is. */
export function parseCategory(body: unknown, mode: 'add' | 'edit'): CategoryInput {
  const b = asBody(body);
  const absent = mode === 'add' ? '' : undefined;
  return {
    code: textField(b, 'code', absent),
    nameId: textField(b, 'name_id', absent),
    nameEn: textField(b, 'name_en', absent),
    descriptionId: textField(b, 'description_id', absent),
    descriptionEn: textField(b, 'description_en', absent),
  };
}

export function parseOpd(body: unknown, mode: 'add' | 'edit'): OpdInput {
  const b = asBody(body);
  const absent = mode === 'add' ? '' : undefined;
  return { code: textField(b, 'code', absent), name: textField(b, 'name', absent), kind: textField(b, 'kind', absent) };
}
