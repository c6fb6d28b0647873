import { Body, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { LabelsService } from './labels.service';
import './labels.i18n';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../../staff';

/** Labels and their place on cases; the service checks who may do what. */
@StaffApi('api/v1', 'labels', Role.Supervisor, Role.Inspector)
export class LabelsApiController {
  constructor(private readonly labels: LabelsService) {}

  @Get('labels')
  list(@CurrentStaff() me: StaffRef) {
    return this.labels.list(me);
  }

  @Post('labels')
  @ApiBody({
    schema: { type: 'object', required: ['name', 'colour'], properties: { name: { type: 'string', maxLength: 40 }, colour: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', example: '#b91c1c' } } },
  })
  create(@CurrentStaff() me: StaffRef, @Body() body: { name?: unknown; colour?: unknown }) {
    return this.labels.create(me, body ?? {});
  }

  @Patch('labels/:id')
  @ApiBody({ schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 40 } } } })
  rename(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { name?: unknown }) {
    return this.labels.rename(me, id, body ?? {});
  }

  @Delete('labels/:id')
  @HttpCode(204)
  async remove(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    await this.labels.remove(me, id);
  }

  @Post('cases/:id/labels')
  @HttpCode(204)
  @ApiBody({ schema: { type: 'object', required: ['labelId'], properties: { labelId: { type: 'string', format: 'uuid' } } } })
  async addToCase(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: { labelId?: unknown }) {
    await this.labels.addToCase(me, id, body?.labelId);
  }

  @Delete('cases/:id/labels/:labelId')
  @HttpCode(204)
  async removeFromCase(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Param('labelId', ParseUUIDPipe) labelId: string) {
    await this.labels.removeFromCase(me, id, labelId);
  }
}
