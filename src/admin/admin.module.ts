import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { CategoriesApiController } from './categories.api.controller';
import { CategoriesPagesController } from './categories.pages.controller';
import { OpdsApiController } from './opds.api.controller';
import { OpdsPagesController } from './opds.pages.controller';
import { StaffAccountsApiController } from './staff-accounts.api.controller';
import { StaffAccountsPagesController } from './staff-accounts.pages.controller';

/**
 * The admin's door (DESIGN.md §1): staff accounts, categories, OPDs; never case content. Only
 * controllers and views: the rules and the tables stay with StaffService and CatalogService.
 */
@Module({
  imports: [StaffModule],
  controllers: [
    StaffAccountsApiController,
    StaffAccountsPagesController,
    CategoriesApiController,
    CategoriesPagesController,
    OpdsApiController,
    OpdsPagesController,
  ],
})
export class AdminModule {}
