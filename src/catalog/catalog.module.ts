import { Global, Module } from '@nestjs/common';
import { CatalogApiController } from './catalog.api.controller';
import { CatalogService } from './catalog.service';
import { CategoriesRepository } from './categories.repository';
import { OpdsRepository } from './opds.repository';
import { QuestionsRepository } from './questions/questions.repository';
import { QuestionsService } from './questions/questions.service';
import { OpdCheck } from '../staff';

/**
 * Global so that staff finds OpdCheck (its question about a member's OPD, answered by the catalog
 * service) without importing catalog, which depends on staff: no cycle between the two modules.
 */
@Global()
@Module({
  controllers: [CatalogApiController],
  providers: [CatalogService, CategoriesRepository, OpdsRepository, QuestionsRepository, QuestionsService, { provide: OpdCheck, useExisting: CatalogService }],
  exports: [CatalogService, QuestionsService, OpdCheck],
})
export class CatalogModule {}
