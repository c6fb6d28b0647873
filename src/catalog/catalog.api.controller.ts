import { Controller, Get, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { requestLang } from '../platform/http/request-lang';
import { CatalogService } from './catalog.service';

@ApiTags('meta')
@Controller('api/v1/meta')
export class CatalogApiController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('categories')
  async categories(@Req() req: Request) {
    return (await this.catalog.categories(requestLang(req))).map(({ code, name }) => ({ code, name }));
  }

  @Get('opds')
  async opds() {
    return this.catalog.opds();
  }
}
