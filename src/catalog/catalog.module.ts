import { Module } from '@nestjs/common';
import { CatalogApiController } from './catalog.api.controller';
import { CatalogService } from './catalog.service';
import { QuestionsRepository } from './questions/questions.repository';
import { QuestionsService } from './questions/questions.service';

@Module({ controllers: [CatalogApiController], providers: [CatalogService, QuestionsRepository, QuestionsService], exports: [CatalogService, QuestionsService] })
export class CatalogModule {}
