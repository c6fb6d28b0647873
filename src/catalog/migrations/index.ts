import type { MigrationInterface } from 'typeorm';
import { PlainCategoryWords1764300017400 } from './1764300017400-plain-category-words';
import { CategoryQuestions1764300019000 } from './1764300019000-category-questions';
import { CatalogNameViews1764300021220 } from './1764300021220-catalog-name-views';

/** The catalog module's migrations. src/migrations combines every module's list in timestamp order; append new ones here. */
export const CATALOG_MIGRATIONS: (new () => MigrationInterface)[] = [PlainCategoryWords1764300017400, CategoryQuestions1764300019000, CatalogNameViews1764300021220];
