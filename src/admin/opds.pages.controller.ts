import { CatalogService, OPD_KINDS, OpdInput } from '../catalog';
import { t } from '../platform/i18n/i18n';
import { StaffPages } from '../staff';
import { Role } from '../staff';
import { CatalogListPagesController } from './catalog-list.pages.controller';
import { parseOpd } from './dto/catalog.dto';

/** OPDs for admins (routes in CatalogListPagesController). */
@StaffPages('staff/admin/opds', Role.Admin)
export class OpdsPagesController extends CatalogListPagesController<OpdInput> {
  constructor(catalog: CatalogService) {
    super({
      section: 'opds',
      parse: parseOpd,
      add: (me, input) => catalog.addOpd(me, input),
      update: (me, code, input) => catalog.updateOpd(me, code, input),
      setActive: (me, code, active) => catalog.setOpdActive(me, code, active),
      listPage: async (me, lang) => ({
        view: 'admin/opds',
        title: t(lang, 'admin.opds_title'),
        model: { opds: await catalog.allOpds(me), kinds: OPD_KINDS },
      }),
      editPage: async (me, lang, code, posted) => {
        const opd = await catalog.opd(me, code);
        return {
          view: 'admin/opd-edit',
          title: t(lang, 'admin.opd_title', { code: opd.code }),
          model: { opd, kinds: OPD_KINDS, v: { name: posted?.name ?? opd.name, kind: posted?.kind ?? opd.kind } },
        };
      },
    });
  }
}
