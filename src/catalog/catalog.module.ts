import { Module } from '@nestjs/common';
import { CatalogApiController } from './catalog.api.controller';
import { CatalogService } from './catalog.service';

@Module({ controllers: [CatalogApiController], providers: [CatalogService], exports: [CatalogService] })
export class CatalogModule {}
