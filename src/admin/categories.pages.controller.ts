import { CatalogService, CategoryInput } from '../catalog';
import { t } from '../platform/i18n/i18n';
import { StaffPages } from '../staff';
import { Role } from '../staff';
import { CatalogListPagesController } from './catalog-list.pages.controller';
import { parseCategory } from './dto/catalog.dto';

/** Report categories for admins (routes in CatalogListPagesController). */
@StaffPages('staff/admin/categories', Role.Admin)
export class CategoriesPagesController extends CatalogListPagesController<CategoryInput> {
  constructor(catalog: CatalogService) {
    super({
      section: 'categories',
      parse: parseCategory,
      add: (me, input) => catalog.addCategory(me, input),
      update: (me, code, input) => catalog.updateCategory(me, code, input),
      setActive: (me, code, active) => catalog.setCategoryActive(me, code, active),
      listPage: async (me, lang) => ({
        view: 'admin/categories',
        title: t(lang, 'admin.categories_title'),
        model: { categories: await catalog.allCategories(me) },
      }),
      editPage: async (me, lang, code, posted) => {
        const category = await catalog.category(me, code);
        return {
          view: 'admin/category-edit',
          title: t(lang, 'admin.category_title', { code: category.code }),
          model: { category, v: { ...category, ...definedOnly(posted ?? {}) } },
        };
      },
    });
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
