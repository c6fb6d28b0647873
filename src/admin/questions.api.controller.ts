import { Body, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CREATE_QUESTION, MOVE_QUESTION, QUESTION, QUESTION_CREATED } from '../catalog';
import { QuestionsService } from '../catalog';
import { asBody } from '../platform/http/body-schema';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

const ERRORS =
  '400 `{ errors: [{ field, message }] }` naming each bad field (`kind`, `label.id`, `label.en`, `help.id`, `help.en`, `required`, `options`, `options.<n>.id`…); nothing is stored. 403 for anyone but an admin.';

/** Extra questions per category, or for every category (issue 16); the rules are QuestionsService's. */
@StaffApi('api/v1/admin', 'admin', Role.Admin)
export class QuestionsApiController {
  constructor(private readonly questions: QuestionsService) {}

  @Get('categories/:code/questions')
  @ApiOkResponse({ schema: { type: 'array', items: QUESTION }, description: "The category's own questions, retired ones too, in order. 404 for an unknown category." })
  list(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
    return this.questions.list(me, code);
  }

  @Post('categories/:code/questions')
  @ApiOperation({ summary: 'Add an extra question to a category', description: `Goes to the end of the category's list. 404 for an unknown category. ${ERRORS}` })
  @ApiBody({ schema: CREATE_QUESTION })
  @ApiCreatedResponse({ schema: QUESTION_CREATED })
  add(@CurrentStaff() me: StaffRef, @Param('code') code: string, @Body() body: unknown) {
    return this.questions.add(me, code, asBody(body));
  }

  @Get('questions')
  @ApiOkResponse({ schema: { type: 'array', items: QUESTION }, description: 'The questions asked in every category, retired ones too.' })
  listForAll(@CurrentStaff() me: StaffRef) {
    return this.questions.list(me, null);
  }

  @Post('questions')
  @ApiOperation({ summary: 'Add an extra question asked in every category', description: ERRORS })
  @ApiBody({ schema: CREATE_QUESTION })
  @ApiCreatedResponse({ schema: QUESTION_CREATED })
  addForAll(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.questions.add(me, null, asBody(body));
  }

  @Get('questions/:id')
  @ApiOkResponse({ schema: QUESTION })
  get(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.questions.question(me, id);
  }

  @Patch('questions/:id')
  @ApiOperation({ summary: "Replace a question's kind, texts, required flag and choices", description: `Cases already filed keep the question as it was asked. ${ERRORS}` })
  @ApiBody({ schema: CREATE_QUESTION })
  @ApiOkResponse({ schema: QUESTION })
  update(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.questions.update(me, id, asBody(body));
  }

  @Post('questions/:id/retire')
  @HttpCode(200)
  @ApiOkResponse({ schema: QUESTION, description: 'No longer asked; cases that answered it keep the answer.' })
  retire(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.questions.setActive(me, id, false);
  }

  @Post('questions/:id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ schema: QUESTION })
  reactivate(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.questions.setActive(me, id, true);
  }

  @Post('questions/:id/move')
  @HttpCode(204)
  @ApiOperation({ summary: 'Move a question one place up or down in its list' })
  @ApiBody({ schema: MOVE_QUESTION })
  async move(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    await this.questions.move(me, id, asBody(body).direction);
  }
}
