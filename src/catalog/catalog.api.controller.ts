import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { requestLang } from '../platform/http/request-lang';
import { CatalogService } from './catalog.service';
import { PUBLIC_QUESTION } from './questions/question.dto';
import { QuestionsService } from './questions/questions.service';

@ApiTags('meta')
@Controller('api/v1/meta')
export class CatalogApiController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly questions: QuestionsService,
  ) {}

  @Get('categories')
  async categories(@Req() req: Request) {
    return (await this.catalog.categories(requestLang(req))).map(({ code, name }) => ({ code, name }));
  }

  @Get('opds')
  async opds() {
    return this.catalog.opds();
  }

  @Get('categories/:code/questions')
  @ApiOperation({
    summary: "A category's extra questions, in the request's language",
    description:
      'The active questions a report in this category answers (those asked in every category first), in Indonesian unless `?lang=en`. Answer them in `POST /api/v1/reports` as `answers: { "<id>": value }`: text, long_text and date (`YYYY-MM-DD` or `DD/MM/YYYY`) as strings; number and money (whole rupiah) as numbers or strings; single_choice as one option `value`; multiple_choice as a list of option values; yes_no as a boolean. 404 for an unknown or inactive category.',
  })
  @ApiOkResponse({ schema: { type: 'array', items: PUBLIC_QUESTION } })
  questionsOf(@Param('code') code: string, @Req() req: Request) {
    return this.questions.forCategory(code, requestLang(req));
  }
}
