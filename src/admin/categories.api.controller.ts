import { catalogEntriesApi } from './catalog-entries.api';
import { CATEGORY_SCHEMAS, parseCategory } from './dto/catalog.dto';

const methods = { all: 'allCategories', one: 'category', add: 'addCategory', update: 'updateCategory', setActive: 'setCategoryActive' } as const;

export class CategoriesApiController extends catalogEntriesApi({ path: 'categories', schemas: CATEGORY_SCHEMAS, parse: parseCategory, methods }) {}
