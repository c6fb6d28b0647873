import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QUESTION_KINDS } from './question.types';

/** OpenAPI shapes of the extra questions (issue 16); the services check the bodies themselves. */

export class BilingualTextDto {
  @ApiProperty({ example: 'Perkiraan nilai pemberian', description: 'Indonesian' }) id: string;
  @ApiProperty({ example: 'Estimated value of the gift', description: 'English' }) en: string;
}

export class PublicOptionDto {
  @ApiProperty({ example: 'o1', description: 'What an answer sends for this choice' }) value: string;
  @ApiProperty({ example: 'Uang tunai' }) label: string;
}

export class PublicQuestionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: QUESTION_KINDS }) kind: string;
  @ApiProperty({ example: 'Perkiraan nilai pemberian' }) label: string;
  @ApiProperty({ example: 'Dalam rupiah, kira-kira saja.', description: 'Empty when there is none' }) help: string;
  @ApiProperty() required: boolean;
  @ApiProperty({ type: PublicOptionDto, isArray: true, description: 'The choices of single_choice and multiple_choice; empty otherwise' }) options: PublicOptionDto[];
}

export class CreateQuestionDto {
  @ApiProperty({ enum: QUESTION_KINDS, example: 'money' }) kind: string;
  @ApiProperty({ type: BilingualTextDto, description: '2–200 characters each, one line' }) label: BilingualTextDto;
  @ApiPropertyOptional({ type: BilingualTextDto, description: 'Up to 300 characters each' }) help?: BilingualTextDto;
  @ApiProperty({ example: false }) required: boolean;
  @ApiPropertyOptional({
    type: BilingualTextDto,
    isArray: true,
    description: 'Only for single_choice and multiple_choice: 2–30 choices, 1–120 characters each. On edit, a choice whose Indonesian text is unchanged keeps its value.',
  })
  options?: BilingualTextDto[];
}

export class QuestionCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class MoveQuestionDto {
  @ApiProperty({ enum: ['up', 'down'] }) direction: string;
}

export class QuestionOptionDto {
  @ApiProperty({ example: 'o1' }) value: string;
  @ApiProperty({ type: BilingualTextDto }) label: BilingualTextDto;
}

export class QuestionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null: asked in every category' }) categoryCode: string | null;
  @ApiProperty({ enum: QUESTION_KINDS }) kind: string;
  @ApiProperty({ type: BilingualTextDto }) label: BilingualTextDto;
  @ApiProperty({ type: BilingualTextDto }) help: BilingualTextDto;
  @ApiProperty() required: boolean;
  @ApiProperty({ type: QuestionOptionDto, isArray: true }) options: QuestionOptionDto[];
  @ApiProperty() sortOrder: number;
  @ApiProperty({ description: 'False once retired' }) active: boolean;
}
