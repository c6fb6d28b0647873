import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateQuestionDto, MoveQuestionDto, QuestionCreatedDto, QuestionDto } from '../catalog';
import { QuestionsService } from '../catalog';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { Role } from '../staff';
import type { StaffRef } from '../staff';
import { asBody } from '../platform/http/body-fields';

const ERRORS =
  '400 `{ errors: [{ field, message }] }` naming each bad field (`kind`, `label.id`, `label.en`, `help.id`, `help.en`, `required`, `options`, `options.<n>.id`…); nothing is stored. 403 for anyone but an admin.';

/** Extra questions per category, or for every category (issue 16); the rules are QuestionsService's. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class QuestionsApiController {
  constructor(private readonly questions: QuestionsService) {}

  @Get('categories/:code/questions')
  @ApiOkResponse({ type: QuestionDto, isArray: true, description: "The category's own questions, retired ones too, in order. 404 for an unknown category." })
  list(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
    return this.questions.list(me, code);
  }

  @Post('categories/:code/questions')
  @ApiOperation({ summary: 'Add an extra question to a category', description: `Goes to the end of the category's list. 404 for an unknown category. ${ERRORS}` })
  @ApiBody({ type: CreateQuestionDto })
  @ApiCreatedResponse({ type: QuestionCreatedDto })
  add(@CurrentStaff() me: StaffRef, @Param('code') code: string, @Body() body: unknown) {
    return this.questions.add(me, code, asBody(body));
  }

  @Get('questions')
  @ApiOkResponse({ type: QuestionDto, isArray: true, description: 'The questions asked in every category, retired ones too.' })
  listForAll(@CurrentStaff() me: StaffRef) {
    return this.questions.list(me, null);
  }

  @Post('questions')
  @ApiOperation({ summary: 'Add an extra question asked in every category', description: ERRORS })
  @ApiBody({ type: CreateQuestionDto })
  @ApiCreatedResponse({ type: QuestionCreatedDto })
  addForAll(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.questions.add(me, null, asBody(body));
  }

  @Get('questions/:id')
  @ApiOkResponse({ type: QuestionDto })
  get(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.questions.question(me, id);
  }

  @Patch('questions/:id')
  @ApiOperation({ summary: "Replace a question's kind, texts, required flag and choices", description: `Cases already filed keep the question as it was asked. ${ERRORS}` })
  @ApiBody({ type: CreateQuestionDto })
  @ApiOkResponse({ type: QuestionDto })
  update(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.questions.update(me, id, asBody(body));
  }

  @Post('questions/:id/retire')
  @HttpCode(200)
  @ApiOkResponse({ type: QuestionDto, description: 'No longer asked; cases that answered it keep the answer.' })
  retire(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.questions.setActive(me, id, false);
  }

  @Post('questions/:id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: QuestionDto })
  reactivate(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.questions.setActive(me, id, true);
  }

  @Post('questions/:id/move')
  @HttpCode(204)
  @ApiOperation({ summary: 'Move a question one place up or down in its list' })
  @ApiBody({ type: MoveQuestionDto })
  async move(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    await this.questions.move(me, id, asBody(body).direction);
  }
}
