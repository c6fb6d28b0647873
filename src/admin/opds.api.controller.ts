import { catalogEntriesApi } from './catalog-entries.api';
import { OPD_SCHEMAS, parseOpd } from './dto/catalog.dto';

const methods = { all: 'allOpds', one: 'opd', add: 'addOpd', update: 'updateOpd', setActive: 'setOpdActive' } as const;

export class OpdsApiController extends catalogEntriesApi({ path: 'opds', schemas: OPD_SCHEMAS, parse: parseOpd, methods }) {}
