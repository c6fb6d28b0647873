import { Module } from '@nestjs/common';
import { SlaModule } from '../cases/sla/sla.module';
import { StaffModule } from '../staff/staff.module';
import { BrandingApiController } from './branding.api.controller';
import { BrandingPagesController } from './branding.pages.controller';
import { CategoriesApiController } from './categories.api.controller';
import { CategoriesPagesController } from './categories.pages.controller';
import { HolidaysApiController } from './holidays.api.controller';
import { HolidaysPagesController } from './holidays.pages.controller';
import { OpdsApiController } from './opds.api.controller';
import { OpdsPagesController } from './opds.pages.controller';
import { QuestionsApiController } from './questions.api.controller';
import { QuestionsPagesController } from './questions.pages.controller';
import { SlaPoliciesApiController } from './sla-policies.api.controller';
import { SlaPoliciesPagesController } from './sla-policies.pages.controller';
import { StaffAccountsApiController } from './staff-accounts.api.controller';
import { StaffAccountsPagesController } from './staff-accounts.pages.controller';
import { CatalogModule } from '../catalog/catalog.module';

/**
 * The admin's door (DESIGN.md §1): staff accounts, categories, OPDs, holidays and SLA policies;
 * never case content. Only controllers and views: the rules and the tables stay with
 * StaffService, CatalogService, HolidaysService and SlaPoliciesService.
 */
@Module({
  imports: [StaffModule, SlaModule, CatalogModule],
  controllers: [
    StaffAccountsApiController,
    StaffAccountsPagesController,
    CategoriesApiController,
    CategoriesPagesController,
    OpdsApiController,
    OpdsPagesController,
    QuestionsApiController,
    QuestionsPagesController,
    HolidaysApiController,
    HolidaysPagesController,
    SlaPoliciesApiController,
    SlaPoliciesPagesController,
    BrandingApiController,
    BrandingPagesController,
  ],
})
export class AdminModule {}
